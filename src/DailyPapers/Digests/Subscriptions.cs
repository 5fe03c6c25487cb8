using DailyPapers.Mail;
using DailyPapers.Storage;

namespace DailyPapers.Digests;

public enum SubscribeOutcome { ConfirmationSent, AlreadyConfirmed, RecentlySent, Invalid }

public enum TokenOutcome { Done, AlreadyDone, Invalid, Expired, Unknown }

/// <summary>
/// Double opt-in and one-click unsubscribe: the logic behind the /digest pages, free of HTTP. Confirmation mails go
/// through the outbox with account mail's priority (the reader is waiting for them), so the answer takes the same
/// time whether or not a mail is sent and whatever the mail server does.
/// </summary>
public sealed class Subscriptions(DigestStore store, MailOutbox outbox, DigestSettings settings, DigestTokens tokens, Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    public async Task<(SubscribeOutcome Outcome, string Message)> SubscribeAsync(string? email, Cadence cadence, CancellationToken ct = default)
    {
        var normalized = EmailAddress.Normalize(email, out var error);
        if (normalized is null) return (SubscribeOutcome.Invalid, error);
        var (subscriber, send) = await store.SubscribeAsync(normalized, cadence, TimeSpan.FromMinutes(settings.ConfirmResendMinutes), ct);
        // The answers below read alike on purpose: the form must not tell who is subscribed.
        if (subscriber.Status == "confirmed") return (SubscribeOutcome.AlreadyConfirmed, normalized);
        if (!send) return (SubscribeOutcome.RecentlySent, normalized);
        var link = settings.Link($"digest/confirm?token={tokens.Create(DigestTokenPurpose.Confirm, subscriber.Id)}");
        var rendered = DigestRenderer.Confirmation(settings, cadence, link);
        await outbox.EnqueueAsync(MailKind.Subscribe, MailPriority.Account, normalized, rendered.Subject, rendered.Text, rendered.Html, ct);
        return (SubscribeOutcome.ConfirmationSent, normalized);
    }

    public async Task<(TokenOutcome Outcome, Subscriber? Subscriber)> ConfirmAsync(string? token, CancellationToken ct = default)
    {
        switch (tokens.Check(token, DigestTokenPurpose.Confirm, out var id))
        {
            case TokenCheck.Invalid: return (TokenOutcome.Invalid, null);
            case TokenCheck.Expired: return (TokenOutcome.Expired, null);
        }
        var before = await store.GetAsync(id, ct);
        if (before is null) return (TokenOutcome.Unknown, null);
        var after = await store.ConfirmAsync(id, ct);
        return (before.Status == "pending" && after?.Status == "confirmed" ? TokenOutcome.Done : TokenOutcome.AlreadyDone, after);
    }

    /// <summary>Checks an unsubscribe token without acting (the GET page that shows the button).</summary>
    public async Task<(TokenOutcome Outcome, Subscriber? Subscriber)> CheckUnsubscribeAsync(string? token, CancellationToken ct = default)
    {
        switch (tokens.Check(token, DigestTokenPurpose.Unsubscribe, out var id))
        {
            case TokenCheck.Invalid: return (TokenOutcome.Invalid, null);
            case TokenCheck.Expired: return (TokenOutcome.Expired, null);
        }
        var s = await store.GetAsync(id, ct);
        return s is null ? (TokenOutcome.Unknown, null) : (s.Status is "pending" or "confirmed" ? TokenOutcome.Done : TokenOutcome.AlreadyDone, s);
    }

    public async Task<(TokenOutcome Outcome, Subscriber? Subscriber)> UnsubscribeAsync(string? token, CancellationToken ct = default)
    {
        var (outcome, s) = await CheckUnsubscribeAsync(token, ct);
        if (outcome != TokenOutcome.Done || s is null) return (outcome, s);
        s = await store.UnsubscribeAsync(s.Id, ct);
        _log($"digest: {MailSender.Mask(s?.Email)} unsubscribed");
        return (TokenOutcome.Done, s);
    }
}
