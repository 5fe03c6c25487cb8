using System.Text.Json;
using DailyPapers.Papers;
using DailyPapers.Storage;
using MimeKit.Utils;

namespace DailyPapers.Digests;

/// <summary>What a build did: <see cref="Queued"/> counts new outbox rows (digests and alert mails; a re-run adds 0).</summary>
public sealed record BuildReport(string Period, int Papers, int Subscribers, int Queued, int AlertMails)
{
    public bool NothingToSend => Papers == 0;
    public override string ToString() => NothingToSend
        ? $"{Period}: no papers featured, nothing to send"
        : $"{Period}: {Papers} papers, {Subscribers} subscribers, {Queued} mails queued ({AlertMails} of them alert mails)";
}

/// <summary>
/// Builds a period's mail into the outbox: one digest per confirmed subscriber of the period's cadence (top papers
/// plus their in-digest alert matches) and one alert mail for readers whose own-mail alerts matched. Subscribers
/// are walked in id order in batches, each batch one transaction; the outbox's unique (subscriber, period, kind)
/// key makes a re-run or a resumed run add only what is missing. Which periods to build comes from a high-water
/// mark per cadence with a look-back cap (<see cref="DigestPeriod.Due"/>).
/// </summary>
public sealed class DigestBuilder(DigestStore store, PaperStore papers, AppState state, DigestSettings settings,
    AlertSearch? search = null, Action<string>? log = null, TimeProvider? clock = null)
{
    /// <summary>Papers read per period: far more than a week of the feed holds, so alerts see every featured paper.</summary>
    public const int MaxPapersPerPeriod = 2000;
    private readonly Action<string> _log = log ?? (_ => { });
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public static string HighWaterKey(Cadence c) => $"digest:built:{DigestStore.Name(c)}";

    /// <summary>The periods of a cadence to build now (oldest first).</summary>
    public async Task<IReadOnlyList<DigestPeriod>> DuePeriodsAsync(Cadence cadence, CancellationToken ct = default)
    {
        var mark = await state.GetAsync(HighWaterKey(cadence), ct);
        DigestPeriod? builtUpTo = mark is not null && DigestPeriod.TryParse(mark, out var m, out _) ? m : null;
        return DigestPeriod.Due(cadence, _clock.GetUtcNow(), settings.BuildHourUtc, builtUpTo, settings.MaxMissedPeriods);
    }

    /// <summary>Builds every due period of both cadences; the high-water mark moves after each complete period.</summary>
    public async Task<IReadOnlyList<BuildReport>> BuildDueAsync(CancellationToken ct = default)
    {
        var reports = new List<BuildReport>();
        foreach (var cadence in new[] { Cadence.Daily, Cadence.Weekly })
            foreach (var period in await DuePeriodsAsync(cadence, ct))
                reports.Add(await BuildAsync(period, ct: ct));
        return reports;
    }

    /// <summary>
    /// Builds one period. <paramref name="dryRun"/> writes nothing and reports what would be queued;
    /// <paramref name="onlyEmail"/> builds for that one (normalised) address.
    /// </summary>
    public async Task<BuildReport> BuildAsync(DigestPeriod period, bool dryRun = false, string? onlyEmail = null, CancellationToken ct = default)
    {
        var feed = await papers.GetFeedAsync(new FeedQuery(period.From, period.To) { Sort = FeedSort.Trending, Limit = MaxPapersPerPeriod }, ct);
        var snapshot = feed.Items.DistinctBy(i => i.Paper.Id).Select(Snapshot).ToList();
        if (snapshot.Count == 0)
        {
            _log($"digest build {period.Key}: no papers featured {period.From:yyyy-MM-dd}..{period.To:yyyy-MM-dd}; nothing to send");
            if (!dryRun && onlyEmail is null) await AdvanceHighWaterAsync(period, ct);
            return new BuildReport(period.Key, 0, 0, 0, 0);
        }
        var topCount = Math.Max(1, settings.TopPapers);
        if (!dryRun)
        {
            // A resumed build uses the snapshot taken first, so every reader of a period sees the same papers.
            var issue = await store.CreateIssueAsync(period, JsonSerializer.Serialize(snapshot, DigestJson.Default.ListDigestPaper), topCount, ct);
            snapshot = JsonSerializer.Deserialize(issue.Papers, DigestJson.Default.ListDigestPaper) ?? [];
            topCount = issue.TopCount;
        }
        _log($"digest build {period.Key}: {snapshot.Count} papers; top: {string.Join(" | ", snapshot.Take(3).Select(p => p.Title))}");
        var matcher = new AlertMatcher(snapshot, period, search, settings.MaxMatchesPerAlert);
        var after = dryRun || onlyEmail is not null ? 0 : await store.BuiltUpToAsync(period.Key, ct);
        if (after > 0) _log($"digest build {period.Key}: resuming after subscriber {after}");
        int subscribers = 0, digests = 0, alertMails = 0, batches = 0;
        var batchSize = Math.Max(1, settings.BuildBatchSize);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var batch = await store.ConfirmedAsync(period.Cadence, after, batchSize, onlyEmail, ct);
            if (batch.Count == 0) break;
            after = batch[^1].Id;
            var userIds = batch.Where(s => s.UserId is not null).Select(s => s.UserId!.Value).Distinct().ToList();
            var alerts = (await store.AlertsAsync(userIds, ct)).ToLookup(a => a.UserId);
            var entries = new List<OutboxEntry>(batch.Count + 8);
            foreach (var s in batch)
            {
                List<AlertMatch>? inDigest = null, own = null;
                if (s.UserId is { } uid)
                    foreach (var alert in alerts[uid])
                    {
                        var ids = await matcher.MatchAsync(alert, ct);
                        if (ids.Count == 0) continue;
                        var list = alert.Delivery == AlertDelivery.Own ? own ??= [] : inDigest ??= [];
                        list.Add(new AlertMatch(alert.Describe(), ids));
                    }
                entries.Add(new OutboxEntry(s.Id, period.Key, "digest", MessageId(),
                    inDigest is null ? null : JsonSerializer.Serialize(inDigest, DigestJson.Default.ListAlertMatch)));
                if (own is not null)
                    entries.Add(new OutboxEntry(s.Id, period.Key, "alerts", MessageId(), JsonSerializer.Serialize(own, DigestJson.Default.ListAlertMatch)));
            }
            subscribers += batch.Count;
            alertMails += entries.Count(e => e.Kind == "alerts");
            if (dryRun)
            {
                digests += entries.Count;
                foreach (var e in entries.Where(_ => onlyEmail is not null))
                    _log($"digest build {period.Key}: would queue {e.Kind} for {onlyEmail}{(e.AlertMatches is null ? "" : " with alerts " + e.AlertMatches)}");
            }
            else
            {
                digests += await store.EnqueueAsync(entries, ct);
            }
            if (++batches % 20 == 0) _log($"digest build {period.Key}: {subscribers:N0} subscribers done");
        }
        if (!dryRun && onlyEmail is null)
        {
            await store.CompleteIssueAsync(period.Key, ct);
            await AdvanceHighWaterAsync(period, ct);
        }
        var report = new BuildReport(period.Key, snapshot.Count, subscribers, digests, alertMails);
        _log($"digest build {(dryRun ? "(dry run) " : "")}{report}{(matcher.DistinctAlerts > 0 ? $"; {matcher.DistinctAlerts} distinct alerts evaluated" : "")}");
        return report;

        string MessageId() => MimeUtils.GenerateMessageId(settings.ListIdDomain);
    }

    private async Task AdvanceHighWaterAsync(DigestPeriod period, CancellationToken ct)
    {
        var key = HighWaterKey(period.Cadence);
        var mark = await state.GetAsync(key, ct);
        if (mark is null || !DigestPeriod.TryParse(mark, out var m, out _) || m.To < period.To)
            await state.SetAsync(key, period.Key, ct);
    }

    internal static DigestPaper Snapshot(FeedItem item)
    {
        var p = item.Paper.Paper;
        var visible = p.Authors; // "hidden" hides the paper from that author's profile, not the name from the paper
        var authors = visible.Count switch
        {
            0 => "",
            <= 3 => string.Join(", ", visible.Select(a => a.Name)),
            _ => $"{visible[0].Name}, {visible[1].Name} and {visible.Count - 2} others",
        };
        var org = item.Entry.Organization ?? p.Organization;
        return new DigestPaper(item.Paper.Id, p.ArxivId, PaperText.CollapseWhitespace(item.Entry.Title ?? p.Title),
            PaperText.Teaser(LatexText.ToUnicode(p.AiSummary ?? p.Abstract)), authors, org?.FullName ?? org?.Name, item.Paper.Upvotes, p.GithubRepo)
        {
            AuthorNames = visible.Select(a => a.Name).ToList(),
            AuthorHandles = visible.Where(a => a.User is not null).Select(a => a.User!.Handle).ToList(),
            Abstract = p.Abstract,
            OrganizationName = org?.Name,
        };
    }
}
