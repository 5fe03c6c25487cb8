using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Jobs;

/// <summary>
/// Computes missing vectors in the background: the static model first (whole demo corpus in seconds, so every
/// paper is searchable by meaning soon after first start), then full MiniLM in small batches. Idle polls are cheap.
/// Vectors are stored in the database, so with several nodes one computes them (under a lease) and every node's
/// index picks them up by following the change log; a node that dies hands the work on within one lease.
/// </summary>
public sealed class EmbeddingService(SearchService search, EmbeddingStore store, DailyPapersOptions options, DemoCorpusStatus demo,
    Database db, TimeProvider clock, ILogger<EmbeddingService> log) : ScheduledJob(clock, log)
{
    private const string LeaseName = "embedding";
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(5);
    /// <summary>Full-model papers per round, so new static work (fresh imports) is never stuck behind a long run.</summary>
    private const int FullPerRound = 640;

    private readonly EmbeddingJob _job = new(store, m => log.LogInformation("{Message}", m));
    private readonly string _owner = JobLease.NewOwner();
    private bool _full;

    protected override string Name => "embedding";
    protected override TimeSpan RetryDelay => TimeSpan.FromMinutes(1);

    protected override async Task<bool> StartingAsync(CancellationToken ct)
    {
        var mode = options.Embeddings.Trim().ToLowerInvariant();
        if (mode is "off" or "none" or "false") return false;
        _full = mode is not "static";
        // On a first start the two cores go to the demo import first, so the feed is up as soon as possible.
        await demo.Settled.WaitAsync(ct);
        return true;
    }

    protected override async Task<TimeSpan> RoundAsync(CancellationToken ct)
    {
        var n = 0;
        await new JobLease(db, Clock).RunAsync(LeaseName, LockKeys.Embedding, _owner, LeaseTtl, TimeSpan.Zero, async t =>
        {
            n = await _job.RunStaticAsync(search.Static, t);
            if (_full) n += await _job.RunFullAsync(search.Model, FullPerRound, t);
        }, ct);
        if (n == 0) return IdleInterval;
        await search.CatchUpAsync(ct);
        return TimeSpan.Zero; // more may be waiting: the next batch right away
    }
}
