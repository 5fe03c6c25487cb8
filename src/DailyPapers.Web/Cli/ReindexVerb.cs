using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary><c>dailypapers reindex</c>: rebuilds this node's full-text index from the database.</summary>
public static class ReindexVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var folder = SearchPaths.IndexFolder(cx.Options.DataDir);
        using var index = LuceneIndex.Open(folder);
        var follower = new IndexFollower(index, new PaperStore(cx.Database), m => cx.Error.WriteLine(m));
        var n = await follower.RebuildAsync(cx.Cancellation);
        cx.Out.WriteLine($"reindexed {n:N0} papers into {folder}");
        return 0;
    }
}
