using System.Diagnostics.Metrics;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Telemetry;

namespace DailyPapers.Web.Operations;

/// <summary>
/// The gauges that read the database: outbox depth and the age of its oldest mail, this node's index lag in change-log
/// rows, the embedding backlog (papers without full MiniLM vectors) and who holds each job lease. A scrape reads one
/// cached snapshot; the database is asked again only when it is older than <see cref="MetricsSettings.GaugeCacheSeconds"/>,
/// so scraping often (or several scrapers) costs a few queries per interval at most. Created only when metrics are on.
/// </summary>
public sealed class OperationsGauges : IDisposable
{
    private sealed record Snapshot(OutboxDepth Outbox, LogLag IndexLag, long EmbeddingBacklog, IReadOnlyList<(string Job, string Owner)> Leases);

    private readonly OperationsStore _ops;
    private readonly EmbeddingStore _embeddings;
    private readonly JobLease _leases;
    private readonly SearchService _search;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _cacheFor;
    private readonly ILogger _log;
    private readonly Meter _meter;
    private readonly Lock _gate = new();
    private Snapshot? _last;
    private DateTimeOffset _readAt;

    public OperationsGauges(IMeterFactory meters, OperationsStore ops, EmbeddingStore embeddings, Database db, SearchService search,
        MetricsSettings settings, TimeProvider clock, ILogger<OperationsGauges> log)
    {
        (_ops, _embeddings, _leases, _search, _clock, _log) = (ops, embeddings, new JobLease(db, clock), search, clock, log);
        _cacheFor = TimeSpan.FromSeconds(settings.GaugeCacheSeconds);
        // Its own meter from the host's factory: disposed with the host, so a test process with several hosts never
        // reports one host's database under another's /metrics.
        _meter = meters.Create(DailyPapersMetrics.MeterName + ".Operations");
        _meter.CreateObservableGauge("dailypapers.outbox.depth", () => Read()?.Outbox.Queued ?? 0L, "{mail}",
            "Mails queued in the outbox (due or waiting for a retry)");
        _meter.CreateObservableGauge("dailypapers.outbox.oldest_age", () => Read() is { Outbox.OldestQueuedAt: { } t } ? Age(t) : 0.0, "s",
            "Age of the oldest queued mail (0 when the outbox is empty)");
        _meter.CreateObservableGauge("dailypapers.search.index.lag", () => Read()?.IndexLag.Rows ?? 0L, "{change}",
            "Change-log rows this node's full-text index has not applied yet");
        _meter.CreateObservableGauge("dailypapers.search.index.lag_age", () => Read() is { } s ? s.IndexLag.Age(_clock.GetUtcNow()).TotalSeconds : 0.0, "s",
            "Age of the oldest change this node's full-text index has not applied yet");
        _meter.CreateObservableGauge("dailypapers.embedding.backlog", () => Read()?.EmbeddingBacklog ?? 0L, "{paper}",
            "Papers without full MiniLM vectors yet");
        _meter.CreateObservableGauge("dailypapers.job.lease.holder", LeaseHolders, "{lease}",
            "1 for each job lease held now, by job and holder (host:process)");
    }

    private double Age(DateTimeOffset t) => Math.Max(0, (_clock.GetUtcNow() - t).TotalSeconds);

    private IEnumerable<Measurement<int>> LeaseHolders()
    {
        foreach (var (job, owner) in Read()?.Leases ?? [])
        {
            // The owner is host:pid:random; the random part would make a new series on every start.
            var parts = owner.Split(':');
            var holder = parts.Length >= 2 ? $"{parts[0]}:{parts[1]}" : owner;
            yield return new Measurement<int>(1, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("holder", holder));
        }
    }

    /// <summary>The cached snapshot, refreshed when stale; null when the database cannot be read (the gauges then report nothing new).</summary>
    private Snapshot? Read()
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (_last is not null && now - _readAt < _cacheFor) return _last;
            try
            {
                // Gauge callbacks are synchronous; the reads are short and run at most once per cache interval.
                _last = Task.Run(async () => new Snapshot(
                    await _ops.OutboxAsync(),
                    await _ops.ChangeLagAsync(_search.Lexical.AppliedSeq),
                    await _embeddings.CountMissingAsync(MiniLmModel.Name),
                    await _leases.HoldersAsync())).GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _log.LogWarning("metrics: reading the database for gauges failed: {Error}", e.Message);
            }
            _readAt = now;
            return _last;
        }
    }

    public void Dispose() => _meter.Dispose();
}
