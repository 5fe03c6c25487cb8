using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Storage;

namespace DailyPapers.Web.Jobs;

/// <summary>
/// The sender loop of the mail outbox (unless DailyPapers:Mail:SendInBackground is off): sends what is due, then
/// sleeps until a mail is queued on this node or <see cref="DigestSettings.SendPollSeconds"/> pass (mail queued on
/// another node, retries that fell due). It runs under the cluster send lease, so with several nodes one sends at a
/// time. <c>dailypapers digest send</c> runs the same sender once.
/// </summary>
public sealed class MailService(
    DigestSettings settings, MailSettings mailSettings, DigestStore store, MailSender mail, MailOutbox outbox, MailCounters counters,
    Database db, IServiceProvider services, TimeProvider clock, ILogger<MailService> log) : ScheduledJob(clock, log)
{
    private TimeSpan Interval => TimeSpan.FromSeconds(Math.Max(1, settings.SendPollSeconds));
    protected override string Name => "mail send";
    protected override TimeSpan RetryDelay => Interval;

    protected override Task<bool> StartingAsync(CancellationToken ct)
    {
        // The one line an operator needs to know where mail goes.
        if (mail.WritesFiles)
            log.LogWarning("mail: no DailyPapers:Smtp:Host set, so mail is not delivered: it is written to {Folder} as .eml files (admins read it at /admin/mail)", mail.FileFolder);
        else
            log.LogInformation("mail: sending through {Smtp}", mail.Transport);
        return Task.FromResult(mailSettings.SendInBackground);
    }

    protected override async Task<TimeSpan> RoundAsync(CancellationToken ct)
    {
        await SendNowAsync(TimeSpan.Zero, ct);
        return Interval;
    }

    /// <summary>Sleeps until a mail is queued on this node or the poll interval passes (mail queued elsewhere, retries).</summary>
    protected override Task WaitAsync(TimeSpan delay, CancellationToken ct) => outbox.WaitAsync(delay, Clock, ct);

    /// <summary>
    /// Sends what is due now under the send lease, waiting up to <paramref name="wait"/> for another holder (this
    /// node's loop, another node, the CLI); false when the lease stayed taken.
    /// </summary>
    public Task<bool> SendNowAsync(TimeSpan wait, CancellationToken ct = default)
    {
        var sender = new DigestSender(store, mail, settings, services.GetRequiredService<DigestTokens>(),
            m => log.LogInformation("{Message}", m), Clock, counters, mailSettings, m => log.LogWarning("{Message}", m));
        // A lease object per call: each is its own owner, so the loop and a hand-started round never run together.
        return new DigestLease(db, settings, Clock).RunAsync(DigestLease.Send, wait, t => sender.SendDueAsync(ct: t), ct);
    }
}
