using DailyPapers.Search;

namespace DailyPapers.Web.Jobs;

/// <summary>
/// Keeps this node's search indexes current: builds the full-text index when it was empty or moved aside as damaged
/// (the site serves meanwhile; searches say "rebuilding"), then follows paper_changes into it and loads new vectors,
/// about once a second. A follow that finds the index damaged starts a repair. Commits the index on shutdown.
/// </summary>
public sealed class SearchIndexService(SearchService search, ILogger<SearchIndexService> log) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);
    /// <summary>
    /// Up to this many papers (well under a second at ~12k papers/s) the index is built before the site starts
    /// listening, so a small or new site never answers "search is being rebuilt"; a larger one builds in the background.
    /// </summary>
    public const long BuildBeforeServingMaxPapers = 5_000;

    public override async Task StartAsync(CancellationToken ct)
    {
        if (search.Rebuilding && await search.PaperCountAsync(ct) <= BuildBeforeServingMaxPapers)
            await search.EnsureBuiltAsync(ct);
        await base.StartAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            do
            {
                try
                {
                    if (search.Rebuilding) await search.EnsureBuiltAsync(ct);
                    await search.CatchUpAsync(ct);
                }
                catch (Exception e) when (LuceneIndex.IsDamage(e))
                {
                    search.StartRepair(e);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "search index: catching up with the database failed; retrying");
                }
            } while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally
        {
            try { search.Follower.Flush(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException || LuceneIndex.IsDamage(e))
            {
                log.LogWarning("search index: the final commit failed ({Error}); the next start catches up", e.Message);
            }
        }
    }
}
