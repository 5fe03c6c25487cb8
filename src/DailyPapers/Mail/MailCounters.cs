using System.Diagnostics.Metrics;

namespace DailyPapers.Mail;

/// <summary>
/// What became of outgoing mail since this process started, for logs, tests and metrics: the fields are plain
/// counters any code can read, and the "DailyPapers.Mail" meter publishes them to whatever listens (an
/// OpenTelemetry exporter later). "Not sent" covers every mail that will never go out: given up after its last
/// attempt, refused for good (bounced), dropped because its reader left, and mentions over the per-comment cap.
/// </summary>
public sealed class MailCounters : IDisposable
{
    public const string MeterName = "DailyPapers.Mail";

    private long _queued, _sent, _retried, _givenUp, _bounced, _dropped, _mentionsCapped;
    private readonly Meter _meter = new(MeterName);

    public MailCounters()
    {
        _meter.CreateObservableCounter("dailypapers.mail.queued", () => Queued, "{mail}", "mails written to the outbox");
        _meter.CreateObservableCounter("dailypapers.mail.sent", () => Sent, "{mail}", "mails the server (or the mail folder) accepted");
        _meter.CreateObservableCounter("dailypapers.mail.retried", () => Retried, "{mail}", "temporary failures, tried again later");
        _meter.CreateObservableCounter("dailypapers.mail.not_sent", () => NotSent, "{mail}", "mails that will never be sent");
    }

    public long Queued => Interlocked.Read(ref _queued);
    public long Sent => Interlocked.Read(ref _sent);
    public long Retried => Interlocked.Read(ref _retried);
    public long GivenUp => Interlocked.Read(ref _givenUp);
    public long Bounced => Interlocked.Read(ref _bounced);
    public long Dropped => Interlocked.Read(ref _dropped);
    public long MentionsCapped => Interlocked.Read(ref _mentionsCapped);
    public long NotSent => GivenUp + Bounced + Dropped + MentionsCapped;

    public void AddQueued(long n = 1) => Interlocked.Add(ref _queued, n);
    public void AddSent(long n = 1) => Interlocked.Add(ref _sent, n);
    public void AddRetried(long n = 1) => Interlocked.Add(ref _retried, n);
    public void AddGivenUp(long n = 1) => Interlocked.Add(ref _givenUp, n);
    public void AddBounced(long n = 1) => Interlocked.Add(ref _bounced, n);
    public void AddDropped(long n = 1) => Interlocked.Add(ref _dropped, n);
    public void AddMentionsCapped(long n = 1) => Interlocked.Add(ref _mentionsCapped, n);

    public void Dispose() => _meter.Dispose();
}
