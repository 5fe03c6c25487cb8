using DailyPapers.Storage;

namespace DailyPapers.Mail;

/// <summary>What an outbox row is; stored in digest_outbox.kind.</summary>
public static class MailKind
{
    public const string Digest = "digest";
    public const string Alerts = "alerts";
    /// <summary>Confirm, reset, email change, "already registered", claim decisions.</summary>
    public const string Account = "account";
    /// <summary>A digest subscription's confirmation (double opt-in).</summary>
    public const string Subscribe = "subscribe";
    /// <summary>A mention or reply; several to one person within the window go out as one mail.</summary>
    public const string Notification = "notification";
}

/// <summary>Lower is sent first: a flood of notifications or a big digest run cannot delay a password reset.</summary>
public enum MailPriority { Account = 0, Notification = 1, Bulk = 2 }

/// <summary>Settings of the mail outbox, section <c>DailyPapers:Mail</c> (retries and connections: <c>DailyPapers:Digest</c>).</summary>
public sealed class MailSettings
{
    /// <summary>Whether this node runs the sender loop (with several nodes the send lease lets one send at a time).</summary>
    public bool SendInBackground { get; set; } = true;
    /// <summary>
    /// At most one notification mail per person per window: notifications that arrive meanwhile wait and go out
    /// together as one mail when the window has passed.
    /// </summary>
    public double NotificationWindowMinutes { get; set; } = 10;
    /// <summary>Notifications listed in one mail; more wait for the next one.</summary>
    public int MaxNotificationsPerMail { get; set; } = 50;

    public TimeSpan NotificationWindow => TimeSpan.FromMinutes(Math.Max(0, NotificationWindowMinutes));
}

/// <summary>
/// The one way to send mail: every mail is a row in the database outbox (digest_outbox) before the request that
/// caused it answers, and the sender (<see cref="Digests.DigestSender"/>) delivers it with retries. Nothing is
/// held in memory, so a full queue or a restart loses nothing. Enqueuing wakes this process's sender at once.
/// </summary>
public sealed class MailOutbox(DigestStore store, MailSender sender, MailSettings settings, MailCounters counters)
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public MailSettings Settings => settings;
    public MailCounters Counters => counters;

    /// <summary>Queues one rendered mail (account mail, subscription confirmation) to be sent as soon as possible.</summary>
    public async Task EnqueueAsync(string kind, MailPriority priority, string to, string subject, string text, string? html = null, CancellationToken ct = default)
    {
        await store.EnqueueMailAsync(new OutgoingMail(kind, priority, to, subject, text, html, sender.NewMessageId()), ct);
        Queued();
    }

    /// <summary>
    /// Queues one notification. It goes out at once unless this person had a notification mail within the window;
    /// then it waits for the window's end and joins the others in one mail.
    /// </summary>
    public async Task NotifyAsync(string to, string subject, string text, CancellationToken ct = default)
    {
        await store.EnqueueNotificationAsync(new OutgoingMail(MailKind.Notification, MailPriority.Notification, to, subject, text, null, sender.NewMessageId()),
            settings.NotificationWindow, ct);
        Queued();
    }

    private void Queued()
    {
        counters.AddQueued();
        Wake();
    }

    /// <summary>Lets the sender loop run now instead of at its next poll.</summary>
    public void Wake()
    {
        try { if (_wake.CurrentCount == 0) _wake.Release(); }
        catch (SemaphoreFullException) { } // woken already
    }

    /// <summary>Waits for <see cref="Wake"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken ct)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var woken = _wake.WaitAsync(either.Token);
        var delay = Task.Delay(timeout, clock, either.Token);
        await Task.WhenAny(woken, delay);
        await either.CancelAsync(); // withdraws the waiter that lost, so it cannot swallow a later wake
        ct.ThrowIfCancellationRequested();
    }
}
