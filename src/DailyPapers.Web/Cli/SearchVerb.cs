using System.CommandLine;
using System.Diagnostics;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary><c>dailypapers search TEXT</c>: runs one query against the local index (catching up with the database first).</summary>
public sealed class SearchVerb : IVerb
{
    private readonly Argument<string[]> _text = new("TEXT") { Description = "the query", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<string?> _mode = CliOptions.Text("--mode", "hybrid|bm25|vector", "how to search (default hybrid)");
    private readonly Option<int> _limit = CliOptions.Int("--limit", "N", "results to show", 10, 1, 200);
    private readonly Option<string?> _similar = CliOptions.Text("--similar", "ARXIVID", "papers similar to this one instead of a query");

    public Command Define() => new("search", "run one search against the local index") { _text, _mode, _limit, _similar };

    public async Task<int> RunAsync(VerbContext cx)
    {
        var text = cx.Value(_text) ?? [];
        var similar = cx.Value(_similar);
        if (text.Length == 0 && similar is null) throw new CliUsageException("give the query TEXT (or --similar ARXIVID)");
        var limit = cx.Value(_limit);
        var mode = cx.Value(_mode) ?? "hybrid";
        if (mode is not ("bm25" or "vector" or "hybrid")) throw new CliUsageException("--mode must be bm25, vector or hybrid");
        var search = await cx.SearchAsync();
        var sw = Stopwatch.StartNew();
        SearchResult r;
        if (similar is not null) r = await search.SimilarAsync(similar, limit, cx.Cancellation);
        else
        {
            var q = new SearchQuery { Text = string.Join(' ', text), Limit = limit };
            r = mode switch
            {
                "bm25" => search.Lexical.Search(q),
                "vector" => await search.VectorOnlyAsync(q, cx.Cancellation),
                _ => await search.SearchAsync(q, cx.Cancellation),
            };
        }
        cx.Out.WriteLine(r.Useless ? "nothing searchable in that query" : $"{r.Total:N0} results ({r.Mode}, {sw.Elapsed.TotalMilliseconds:N1} ms)");
        var papers = (await cx.Service<PaperStore>().GetManyAsync(r.Hits.Select(h => h.PaperId).ToList(), cx.Cancellation)).ToDictionary(p => p.Id);
        foreach (var h in r.Hits)
            cx.Out.WriteLine($"{h.ArxivId,-12} {h.Score,8:N4}  {(papers.TryGetValue(h.PaperId, out var p) ? p.Paper.Title : "?")}");
        return 0;
    }
}
