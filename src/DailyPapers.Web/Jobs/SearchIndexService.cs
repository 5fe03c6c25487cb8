using DailyPapers.Search;

namespace DailyPapers.Web.Jobs;

/// <summary>
/// Keeps this node's search indexes current: builds the full-text index when it was empty or moved aside as damaged
/// (the site serves meanwhile; searches say "rebuilding"), then follows paper_changes into it and loads new vectors,
/// about once a second. A follow that finds the index damaged starts a repair. Commits the index on shutdown.
/// </summary>
public sealed class SearchIndexService(SearchService search, TimeProvider clock, ILogger<SearchIndexService> log) : ScheduledJob(clock, log)
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

    protected override string Name => "search index";
    protected override TimeSpan RetryDelay => PollInterval;

    protected override async Task<TimeSpan> RoundAsync(CancellationToken ct)
    {
        if (search.Rebuilding) await search.EnsureBuiltAsync(ct);
        await search.CatchUpAsync(ct);
        return PollInterval;
    }

    /// <summary>A follow that finds the index damaged starts a repair (the site serves meanwhile) instead of failing.</summary>
    protected override TimeSpan? Handle(Exception e)
    {
        if (!LuceneIndex.IsDamage(e)) return null;
        search.StartRepair(e);
        return PollInterval;
    }

    protected override void Stopped()
    {
        try { search.Follower.Flush(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException || LuceneIndex.IsDamage(e))
        {
            log.LogWarning("search index: the final commit failed ({Error}); the next start catches up", e.Message);
        }
    }
}
