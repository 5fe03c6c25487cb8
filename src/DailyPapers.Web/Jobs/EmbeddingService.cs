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
    Database db, TimeProvider clock, ILogger<EmbeddingService> log) : BackgroundService
{
    private const string LeaseName = "embedding";
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(5);
    /// <summary>Full-model papers per round, so new static work (fresh imports) is never stuck behind a long run.</summary>
    private const int FullPerRound = 640;

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        await Task.Yield();
        var mode = options.Embeddings.Trim().ToLowerInvariant();
        if (mode is "off" or "none" or "false") return;
        // On a first start the two cores go to the demo import first, so the feed is up as soon as possible.
        await demo.Settled.WaitAsync(ct);
        var full = mode is not "static";
        var job = new EmbeddingJob(store, m => log.LogInformation("{Message}", m));
        var lease = new JobLease(db, clock);
        var owner = JobLease.NewOwner();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var n = 0;
                await lease.RunAsync(LeaseName, LockKeys.Embedding, owner, LeaseTtl, TimeSpan.Zero, async t =>
                {
                    n = await job.RunStaticAsync(search.Static, t);
                    if (full) n += await job.RunFullAsync(search.Model, FullPerRound, t);
                }, ct);
                if (n > 0) await search.CatchUpAsync(ct);
                else await Task.Delay(IdleInterval, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                log.LogError(e, "embedding: batch failed; retrying in a minute");
                await Task.Delay(TimeSpan.FromMinutes(1), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
