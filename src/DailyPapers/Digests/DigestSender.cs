using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using DailyPapers.Mail;
using DailyPapers.Storage;
using MailKit.Net.Smtp;
using MimeKit;

namespace DailyPapers.Digests;

public sealed record SendReport(int Sent, int Retrying, int Failed, int Bounced, int Dropped, bool ServerUnavailable)
{
    public override string ToString() =>
        $"{Sent} sent, {Retrying} to retry, {Failed} given up, {Bounced} bounced, {Dropped} dropped (reader left)"
        + (ServerUnavailable ? "; the SMTP server was unavailable, the rest waits for the next round" : "");
}

/// <summary>
/// The one sender of the outbox: account mail, subscription confirmations, notifications, digests and alerts.
/// Delivers due rows on <see cref="DigestSettings.SendConnections"/> connections (or into the mail folder), one
/// mail at a time each, highest priority first: between pages it looks again for account mail, so a reset mail
/// waits for at most a page of digests. A row is marked sent in its own statement right after the server accepts
/// the mail, so a crash (kill -9) between the two re-sends at most the one mail in flight per connection. Temporary
/// failures (4xx, dropped connections) are retried with exponential backoff; a permanent refusal (5xx) fails the
/// mail and marks a digest reader bounced. If the server cannot be reached at all the round stops and leaves the
/// rows untouched, so an outage does not burn their attempts. One person's due notifications go out as one mail.
/// Everything that will not be sent is logged as a warning and counted (<see cref="MailCounters"/>).
/// </summary>
public sealed class DigestSender(DigestStore store, MailSender mail, DigestSettings settings, DigestTokens tokens,
    Action<string>? log = null, TimeProvider? clock = null, MailCounters? counters = null, MailSettings? mailSettings = null, Action<string>? warn = null)
{
    /// <summary>Rows read per query; also how many digests an account mail queued meanwhile may wait behind.</summary>
    private const int PageRows = 100;
    private readonly Action<string> _log = log ?? (_ => { });
    private readonly Action<string> _warn = warn ?? log ?? (_ => { });
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly MailCounters _counters = counters ?? new MailCounters();
    private readonly MailSettings _mailSettings = mailSettings ?? new MailSettings();
    private readonly ConcurrentDictionary<string, Task<Issue?>> _issues = new();
    private static readonly int[] Priorities = Enum.GetValues<MailPriority>().Select(p => (int)p).Order().ToArray();

    private sealed record Issue(DigestPeriod Period, IReadOnlyList<DigestPaper> Top, IReadOnlyDictionary<string, DigestPaper> ByArxivId);

    /// <summary>Sends everything due now (optionally one period or one address); <paramref name="dryRun"/> only lists it.</summary>
    public async Task<SendReport> SendDueAsync(string? periodKey = null, string? onlyEmail = null, bool dryRun = false, CancellationToken ct = default)
    {
        if (dryRun)
        {
            var n = 0;
            for (long after = 0; ;)
            {
                var page = await store.DueAsync(after, PageRows, periodKey, onlyEmail, ct);
                if (page.Count == 0) break;
                foreach (var r in page) _log($"mail send (dry run): would send {r.Kind} {r.Period} to {MailSender.Mask(r.Email)} (attempt {r.Attempts + 1})");
                n += page.Count;
                after = page[^1].Id;
            }
            _log($"mail send (dry run): {n} mails due");
            return new SendReport(0, 0, 0, 0, 0, false);
        }
        var dropped = await store.DropUndeliverableAsync(ct);
        if (dropped > 0)
        {
            _counters.AddDropped(dropped);
            _warn($"mail send: {dropped} queued digests not sent: their readers unsubscribed or bounced since they were built");
        }
        var counts = new int[4]; // sent, retrying, failed, bounced
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var unavailable = 0;
        var connections = Math.Max(1, settings.SendConnections);
        // Small on purpose: rows waiting here cannot be overtaken by account mail queued meanwhile.
        var queue = Channel.CreateBounded<OutboxRow>(new BoundedChannelOptions(connections * 2) { SingleWriter = true });
        var producer = Task.Run(async () =>
        {
            try
            {
                var after = new long[Priorities.Length];
                // One work item per person per round: the worker gathers all their due notifications into one mail.
                var notified = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                while (!stop.IsCancellationRequested)
                {
                    IReadOnlyList<OutboxRow> page = [];
                    var level = 0;
                    for (; level < Priorities.Length; level++)
                        if ((page = await store.DueAsync(after[level], PageRows, periodKey, onlyEmail, stop.Token, Priorities[level])).Count > 0) break;
                    if (page.Count == 0) break;
                    after[level] = page[^1].Id;
                    foreach (var r in page)
                        if (r.Kind != MailKind.Notification || notified.Add(r.Email))
                            await queue.Writer.WriteAsync(r, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            finally { queue.Writer.TryComplete(); }
        }, CancellationToken.None);

        async Task Worker()
        {
            MailSession? session = null;
            try
            {
                await foreach (var row in queue.Reader.ReadAllAsync(stop.Token))
                {
                    IReadOnlyList<OutboxRow> rows = [row];
                    MimeMessage? message;
                    if (row.Kind == MailKind.Notification)
                    {
                        // The window is checked here too, not only when queuing: a notice queued while the previous
                        // mail was still on its way was due at once, and would otherwise make a second mail.
                        if (await store.LastNotificationSentAsync(row.Email, ct) is { } last && last + _mailSettings.NotificationWindow > _clock.GetUtcNow())
                        {
                            await store.PostponeNotificationsAsync(row.Email, last + _mailSettings.NotificationWindow, ct);
                            continue;
                        }
                        rows = await store.DueNotificationsAsync(row.Email, Math.Max(1, _mailSettings.MaxNotificationsPerMail), ct);
                        if (rows.Count == 0) continue;
                        message = ComposeNotifications(rows);
                    }
                    else message = row.Subject is not null ? ComposeRendered(row) : await ComposeAsync(row, ct);
                    if (message is null)
                    {
                        await store.MarkRetryAsync(row.Id, null, $"issue {row.Period} is missing or unreadable", CancellationToken.None);
                        Interlocked.Increment(ref counts[2]);
                        _counters.AddGivenUp();
                        _warn($"mail send: {row.Kind} {row.Period} to {MailSender.Mask(row.Email)} not sent: its issue is missing or unreadable");
                        continue;
                    }
                    if (session is null)
                    {
                        try { session = await mail.OpenAsync(stop.Token); }
                        catch (Exception e) when (e is not OperationCanceledException)
                        {
                            if (Interlocked.Exchange(ref unavailable, 1) == 0)
                                _warn($"mail send: cannot reach {mail.Transport}: {e.Message}; stopping this round");
                            await stop.CancelAsync();
                            return;
                        }
                    }
                    try
                    {
                        await session.SendAsync(message, stop.Token);
                    }
                    catch (SmtpCommandException e) when (e.ErrorCode == SmtpErrorCode.SenderNotAccepted && MailSender.IsPermanent(e))
                    {
                        // Our own From address is refused: a configuration problem, not the reader's.
                        _warn($"mail send: the server refuses the sender {mail.Settings.FromAddress}: {e.Message}; stopping this round");
                        Interlocked.Exchange(ref unavailable, 1);
                        await stop.CancelAsync();
                        return;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        foreach (var r in rows) await FailAsync(r, e, counts);
                        if (e is not SmtpCommandException || !session.IsConnected)
                        {
                            await session.DisposeAsync();
                            session = null;
                        }
                        continue;
                    }
                    // Accepted: record it at once and even if we are being stopped, or the next run sends it again.
                    if (rows.Count == 1) await store.MarkSentAsync(row.Id, CancellationToken.None);
                    else await store.MarkSentAsync(rows.Select(r => r.Id).ToList(), CancellationToken.None);
                    _counters.AddSent();
                    var sent = Interlocked.Increment(ref counts[0]);
                    if (sent % 1000 == 0) _log($"mail send: {sent:N0} sent");
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
            finally
            {
                if (session is not null) await session.DisposeAsync();
            }
        }

        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(Worker, CancellationToken.None)).ToList();
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        await producer;
        ct.ThrowIfCancellationRequested();
        var report = new SendReport(counts[0], counts[1], counts[2], counts[3], dropped, unavailable == 1);
        if (report.Sent + report.Retrying + report.Failed + report.Bounced + report.Dropped > 0 || report.ServerUnavailable)
            _log($"mail send: {report}");
        return report;
    }

    private async Task FailAsync(OutboxRow row, Exception e, int[] counts)
    {
        var reason = e is SmtpCommandException sc ? $"{(int)sc.StatusCode} {sc.Message}" : $"{e.GetType().Name}: {e.Message}";
        var to = MailSender.Mask(row.Email);
        if (MailSender.IsPermanent(e))
        {
            await store.MarkBouncedAsync(row.Id, row.SubscriberId, reason, CancellationToken.None);
            Interlocked.Increment(ref counts[3]);
            _counters.AddBounced();
            _warn($"mail send: {row.Kind} to {to} not sent: refused permanently ({reason}){(row.SubscriberId != 0 ? "; reader marked bounced" : "")}");
            return;
        }
        var attempts = row.Attempts + 1;
        DateTimeOffset? next = attempts >= settings.MaxAttempts ? null : _clock.GetUtcNow() + settings.RetryDelay(attempts);
        await store.MarkRetryAsync(row.Id, next, reason, CancellationToken.None);
        Interlocked.Increment(ref counts[next is null ? 2 : 1]);
        if (next is null)
        {
            _counters.AddGivenUp();
            _warn($"mail send: {row.Kind} {row.Period} to {to} not sent: giving up after {attempts} attempts ({reason})");
        }
        else
        {
            _counters.AddRetried();
            _log($"mail send: {row.Kind} {row.Period} to {to}: temporary failure ({reason}); retry at {next:u}");
        }
    }

    /// <summary>A mail queued with its text (account mail, subscription confirmation).</summary>
    private MimeMessage ComposeRendered(OutboxRow row)
    {
        var m = mail.Compose(row.Email, row.Subject!, row.Body ?? "", row.BodyHtml);
        m.MessageId = row.MessageId;
        m.Headers.Add("Auto-Submitted", "auto-generated");
        return m;
    }

    /// <summary>One mail for one person's due notifications: each row's text in turn, under one greeting.</summary>
    private MimeMessage ComposeNotifications(IReadOnlyList<OutboxRow> rows)
    {
        var subject = rows.Count == 1 ? rows[0].Subject ?? "A new notification on DailyPapers" : $"{rows.Count} new mentions and replies on DailyPapers";
        var window = _mailSettings.NotificationWindowMinutes;
        var text = $"""
            Hello,

            {string.Join("\n\n----\n\n", rows.Select(r => r.Body?.Trim() ?? ""))}

            Your notifications: {settings.Link("account/notifications")}
            {(window > 0 ? $"You get at most one of these mails every {window:0.#} minutes; what comes meanwhile waits for the next one." : "")}
            """;
        var m = mail.Compose(rows[0].Email, subject, text.TrimEnd() + "\n");
        m.MessageId = rows[0].MessageId;
        m.Headers.Add("Auto-Submitted", "auto-generated");
        return m;
    }

    /// <summary>The mail of one outbox row, with the list headers every digest carries.</summary>
    public async Task<MimeMessage?> ComposeAsync(OutboxRow row, CancellationToken ct)
    {
        if (await _issues.GetOrAdd(row.Period, LoadIssueAsync) is not { } issue) return null;
        var matches = row.AlertMatches is null ? [] : JsonSerializer.Deserialize(row.AlertMatches, DigestJson.Default.ListAlertMatch) ?? [];
        var alertSections = matches.Select(m => new MailSection($"New for your alert: {m.Alert}",
            m.ArxivIds.Where(issue.ByArxivId.ContainsKey).Select(id => issue.ByArxivId[id]).ToList())).ToList();
        var token = tokens.Create(DigestTokenPurpose.Unsubscribe, row.SubscriberId);
        var unsubscribe = settings.Link($"digest/unsubscribe?token={token}");
        var rendered = row.Kind == "alerts"
            ? DigestRenderer.Alerts(settings, issue.Period, alertSections, unsubscribe)
            : DigestRenderer.Digest(settings, issue.Period, [new MailSection($"Top papers of {issue.Period.Label}", issue.Top), .. alertSections], unsubscribe);
        var m = mail.Compose(row.Email, rendered.Subject, rendered.Text, rendered.Html);
        m.MessageId = row.MessageId; // the one stored at build time: a re-sent mail is recognisably the same
        var cadence = DigestStore.Name(issue.Period.Cadence);
        m.Headers.Add("List-Id", $"DailyPapers {cadence} digest <{cadence}.digest.{settings.ListIdDomain}>");
        var mailto = $"mailto:{mail.Settings.FromAddress}?subject=unsubscribe%20{token}";
        m.Headers.Add("List-Unsubscribe", $"<{unsubscribe}>, <{mailto}>");
        m.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        m.Headers.Add("Precedence", "bulk");
        m.Headers.Add("Auto-Submitted", "auto-generated");
        m.Headers.Add("X-Auto-Response-Suppress", "All");
        return m;
    }

    private async Task<Issue?> LoadIssueAsync(string periodKey)
    {
        var row = await store.GetIssueAsync(periodKey);
        if (row is null || !DigestPeriod.TryParse(periodKey, out var period, out _)) return null;
        var papers = JsonSerializer.Deserialize(row.Papers, DigestJson.Default.ListDigestPaper) ?? [];
        return new Issue(period, papers.Take(row.TopCount).ToList(), papers.GroupBy(p => p.ArxivId).ToDictionary(g => g.Key, g => g.First()));
    }
}
