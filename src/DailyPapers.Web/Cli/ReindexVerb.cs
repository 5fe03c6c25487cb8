using System.CommandLine;
using DailyPapers.Search;
using DailyPapers.Storage;
using Lucene.Net.Store;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>dailypapers reindex</c>: rebuilds this node's full-text index from the database. Works from nothing: a missing
/// folder is created and a damaged one moved aside first, so the verb is the cure, never another crash. It opens the
/// index itself rather than through the search service, which would read the index it is about to replace.
/// </summary>
public sealed class ReindexVerb : IVerb
{
    public Command Define() => new("reindex", "rebuild this node's full-text search index from the database");

    public async Task<int> RunAsync(VerbContext cx)
    {
        var folder = SearchPaths.IndexFolder(cx.Options.DataDir);
        LuceneIndex index;
        try { index = LuceneIndex.OpenOrReset(folder, m => cx.Error.WriteLine(m), out _); }
        catch (LockObtainFailedException)
        {
            cx.Error.WriteLine($"reindex: {Path.GetFullPath(folder)} is in use by a running site on this DataDir; stop it first " +
                "(a running site rebuilds a damaged index by itself)");
            return 1;
        }
        using (index)
        {
            var follower = new IndexFollower(index, cx.Service<PaperStore>(), m => cx.Error.WriteLine(m));
            var n = await follower.RebuildAsync(cx.Cancellation);
            cx.Out.WriteLine($"reindexed {n:N0} papers into {Path.GetFullPath(folder)}");
        }
        return 0;
    }
}
