using DailyPapers.Search;

namespace DailyPapers.Web.Jobs;

/// <summary>
/// Keeps this node's search indexes current: follows paper_changes into the full-text index and loads new
/// vectors, about once a second. Commits the index on shutdown.
/// </summary>
public sealed class SearchIndexService(SearchService search, ILogger<SearchIndexService> log) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollInterval);
        try
        {
            do
            {
                try { await search.CatchUpAsync(ct); }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "search index: catching up with the database failed; retrying");
                }
            } while (await timer.WaitForNextTickAsync(ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        finally { search.Follower.Flush(); }
    }
}
