using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace DailyPapers.Search;

/// <summary>A judged query: arXiv id → grade (2 = the paper sought / highly relevant, 1 = relevant).</summary>
public sealed record JudgedQuery(string Query, string Kind, Dictionary<string, int> Grades);

/// <summary>Offline relevance evaluation of BM25, vectors and hybrid (recall@10, MRR@10, nDCG@10).</summary>
public static class RelevanceEval
{
    public const int K = 10;

    public sealed record Metrics(double Recall, double Mrr, double Ndcg, double MeanMs);
    public sealed record Report(Dictionary<(string Kind, string System), Metrics> Rows, Dictionary<string, int> QueriesPerKind);

    public static List<JudgedQuery> Load(string path) =>
        File.ReadLines(path).Where(l => l.Trim().Length > 0)
            .Select((l, i) => JsonSerializer.Deserialize<JudgedQuery>(l, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new FormatException($"eval: line {i + 1} of {path}: not a judged query"))
            .ToList();

    public static async Task<Report> RunAsync(SearchService search, IReadOnlyList<JudgedQuery> queries, Action<string>? log = null, CancellationToken ct = default)
    {
        var systems = new (string Name, Func<SearchQuery, Task<SearchResult>> Run)[]
        {
            ("BM25", q => Task.FromResult(search.Lexical.Search(q))),
            ("vectors", q => search.VectorOnlyAsync(q, ct)),
            ("hybrid", q => search.SearchAsync(q, ct)),
        };
        var sums = new Dictionary<(string, string), (double R, double M, double N, double Ms, int C)>();
        foreach (var jq in queries)
        {
            foreach (var (name, run) in systems)
            {
                var sw = Stopwatch.StartNew();
                // Keyword queries come from the AI keywords: the document side must not hold them.
                var r = await run(new SearchQuery { Text = jq.Query, Limit = K, SkipAiFields = jq.Kind == "keywords" });
                var ms = sw.Elapsed.TotalMilliseconds;
                var ids = r.Hits.Select(h => h.ArxivId).ToList();
                var (rec, mrr, ndcg) = Score(ids, jq.Grades);
                foreach (var kind in new[] { jq.Kind, "all" })
                {
                    var s = sums.GetValueOrDefault((kind, name));
                    sums[(kind, name)] = (s.R + rec, s.M + mrr, s.N + ndcg, s.Ms + ms, s.C + 1);
                }
            }
        }
        var rows = sums.ToDictionary(kv => kv.Key, kv => new Metrics(kv.Value.R / kv.Value.C, kv.Value.M / kv.Value.C, kv.Value.N / kv.Value.C, kv.Value.Ms / kv.Value.C));
        var perKind = queries.GroupBy(q => q.Kind).ToDictionary(g => g.Key, g => g.Count());
        perKind["all"] = queries.Count;
        log?.Invoke($"eval: {queries.Count} queries × {systems.Length} systems");
        return new Report(rows, perKind);
    }

    /// <summary>recall@K (share of relevant found), MRR@K (first relevant), nDCG@K with gains 2^grade − 1.</summary>
    public static (double Recall, double Mrr, double Ndcg) Score(IReadOnlyList<string> ranked, IReadOnlyDictionary<string, int> grades)
    {
        var relevant = grades.Count(g => g.Value > 0);
        if (relevant == 0) return (0, 0, 0);
        var top = ranked.Take(K).ToList();
        var found = top.Count(id => grades.GetValueOrDefault(id) > 0);
        var first = top.FindIndex(id => grades.GetValueOrDefault(id) > 0);
        double dcg = 0, idcg = 0;
        for (var i = 0; i < top.Count; i++) dcg += (Math.Pow(2, grades.GetValueOrDefault(top[i])) - 1) / Math.Log2(i + 2);
        var ideal = grades.Values.Where(g => g > 0).OrderDescending().Take(K).ToList();
        for (var i = 0; i < ideal.Count; i++) idcg += (Math.Pow(2, ideal[i]) - 1) / Math.Log2(i + 2);
        return ((double)found / Math.Min(relevant, K), first < 0 ? 0 : 1.0 / (first + 1), idcg == 0 ? 0 : dcg / idcg);
    }

    public static string ToMarkdown(Report report, SearchService search)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Relevance on the demo corpus ({search.Lexical.Count:N0} papers; vectors: {search.FullVectors.Count:N0} {MiniLmModel.Name}, {search.StaticVectors.Count:N0} {StaticModel.Name}; voices {search.Voices}, vector weight {search.VectorWeight}, static beside full {search.StaticWeightBesideFull}).");
        sb.AppendLine();
        sb.AppendLine("| query set | n | system | recall@10 | MRR@10 | nDCG@10 | mean ms |");
        sb.AppendLine("|---|---:|---|---:|---:|---:|---:|");
        foreach (var kind in report.QueriesPerKind.Keys.OrderBy(k => k == "all" ? "~" : k, StringComparer.Ordinal))
            foreach (var sys in new[] { "BM25", "vectors", "hybrid" })
                if (report.Rows.TryGetValue((kind, sys), out var m))
                    sb.AppendLine($"| {kind} | {report.QueriesPerKind[kind]} | {sys} | {m.Recall:F3} | {m.Mrr:F3} | {m.Ndcg:F3} | {m.MeanMs:F1} |");
        return sb.ToString();
    }
}
