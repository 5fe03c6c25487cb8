using System.Diagnostics;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary><c>dailypapers search TEXT</c>: runs one query against the local index (catching up with the database first).</summary>
public static class SearchVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Positionals.Count == 0 && cx.Option("--similar") is null) throw new CliUsageException("give the query TEXT (or --similar ARXIVID)");
        var limit = cx.IntOption("--limit", 10, 1, 200);
        var mode = cx.Option("--mode") ?? "hybrid";
        var store = new PaperStore(cx.Database);
        using var search = await SearchService.OpenAsync(store, new EmbeddingStore(cx.Database), SearchPaths.IndexFolder(cx.Options.DataDir),
            SearchPaths.ModelCache(cx.Options.DataDir), cx.Error.WriteLine, cx.Cancellation);
        var sw = Stopwatch.StartNew();
        SearchResult r;
        if (cx.Option("--similar") is { } similar) r = await search.SimilarAsync(similar, limit, cx.Cancellation);
        else
        {
            var q = new SearchQuery { Text = string.Join(' ', cx.Positionals), Limit = limit };
            r = mode switch
            {
                "bm25" => search.Lexical.Search(q),
                "vector" => await search.VectorOnlyAsync(q, cx.Cancellation),
                "hybrid" => await search.SearchAsync(q, cx.Cancellation),
                _ => throw new CliUsageException("--mode must be bm25, vector or hybrid"),
            };
        }
        cx.Out.WriteLine(r.Useless ? "nothing searchable in that query" : $"{r.Total:N0} results ({r.Mode}, {sw.Elapsed.TotalMilliseconds:N1} ms)");
        var papers = (await store.GetManyAsync(r.Hits.Select(h => h.PaperId).ToList(), cx.Cancellation)).ToDictionary(p => p.Id);
        foreach (var h in r.Hits)
            cx.Out.WriteLine($"{h.ArxivId,-12} {h.Score,8:N4}  {(papers.TryGetValue(h.PaperId, out var p) ? p.Paper.Title : "?")}");
        return 0;
    }
}
