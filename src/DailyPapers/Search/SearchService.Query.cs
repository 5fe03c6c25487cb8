namespace DailyPapers.Search;

public sealed partial class SearchService
{
    /// <summary>
    /// Hybrid search: BM25 and vector results (full MiniLM where computed, the static model everywhere) fused by
    /// reciprocal rank fusion, filters applied to both. Sorts other than relevance use the full-text matches only.
    /// </summary>
    private async Task<SearchResult> SearchCoreAsync(SearchQuery q, CancellationToken ct)
    {
        if (q.Sort != SearchSort.Relevance) return Lexical.Search(q);
        using var timer = Telemetry.DailyPapersMetrics.TimeSearch(Telemetry.DailyPapersMetrics.Hybrid);
        if (Lexical.Plan(q.Text, !q.SkipAiFields) is not { } plan) return SearchResult.UselessQuery;
        var allowed = Lexical.FilterIds(q);
        // The two voices are independent: embed and scan on another thread while BM25 ranks (same lists, fused
        // in the same order, as when they ran one after the other).
        var vectors = Task.Run(() => VectorLists(q.Text!, allowed, -1, FusionDepth), ct);
        var (lexIds, lexTotal, _) = Lexical.TopIds(q, FusionDepth);
        var lists = new List<(IReadOnlyList<long> Ids, double Weight)> { (lexIds, 1.0) };
        foreach (var (ids, w) in await vectors) lists.Add((ids, w * VectorWeight));
        var fused = Fuse(lists);
        var vectorOnly = fused.Count(f => !lexIds.Contains(f.PaperId));
        return Page(fused, q, lexTotal + vectorOnly, "hybrid") with { DroppedTerms = plan.Dropped };
    }

    /// <summary>Vectors only (evaluation, "search by meaning").</summary>
    private Task<SearchResult> VectorOnlyCoreAsync(SearchQuery q)
    {
        if (string.IsNullOrWhiteSpace(q.Text)) return Task.FromResult(SearchResult.UselessQuery);
        var fused = Fuse(VectorLists(q.Text, Lexical.FilterIds(q), -1, FusionDepth));
        return Task.FromResult(Page(fused, q, fused.Count, "vector"));
    }

    /// <summary>Nearest neighbours of a paper by meaning, the paper itself excluded. Unknown id: empty result.</summary>
    private async Task<SearchResult> SimilarCoreAsync(string arxivId, int k, CancellationToken ct)
    {
        var paper = await _papers.GetAsync(arxivId.Trim(), ct);
        if (paper is null) return new SearchResult([], 0) { Mode = "vector" };
        var lists = new List<(IReadOnlyList<long>, double)>();
        foreach (var index in new[] { FullVectors, StaticVectors })
            if (index.Get(paper.Id) is { } v)
                lists.Add((index.Search(v, FusionDepth, null, paper.Id).Select(h => h.PaperId).ToList(), 1.0));
        if (lists.Count == 0) lists.AddRange(VectorLists(paper.Paper.Title + ". " + paper.Paper.Abstract, null, paper.Id, FusionDepth));
        var fused = Fuse(lists);
        return Page(fused, new SearchQuery { Limit = k }, fused.Count, "vector");
    }

    /// <summary>"Search by abstract": papers nearest in meaning to a pasted paragraph, with BM25 as a weaker voice.</summary>
    private Task<SearchResult> SearchByTextCoreAsync(string paragraph, int k)
    {
        if (string.IsNullOrWhiteSpace(paragraph)) return Task.FromResult(SearchResult.UselessQuery);
        var lists = VectorLists(paragraph, null, -1, FusionDepth);
        var (lexIds, _, useless) = Lexical.TopIds(new SearchQuery { Text = paragraph }, FusionDepth);
        if (!useless) lists.Add((lexIds, 0.5));
        var fused = Fuse(lists);
        return Task.FromResult(Page(fused, new SearchQuery { Limit = k }, fused.Count, "vector"));
    }

    private List<(IReadOnlyList<long> Ids, double Weight)> VectorLists(string text, ISet<long>? allowed, long exclude, int depth)
    {
        using var timer = Telemetry.DailyPapersMetrics.TimeSearch(Telemetry.DailyPapersMetrics.Vector);
        var lists = new List<(IReadOnlyList<long>, double)>();
        var (useFull, useStatic) = Voices switch
        {
            VectorVoices.Full => (true, false),
            VectorVoices.Static => (false, true),
            VectorVoices.Both => (true, true),
            // Both, whenever each has vectors: fused they beat full MiniLM alone (demo nDCG@10 0.654 vs 0.623,
            // docs/BENCHMARKS.md), and the static model covers new papers before MiniLM reaches them.
            _ => (FullVectors.Count > 0, StaticVectors.Count > 0),
        };
        if (useFull && FullVectors.Count > 0)
        {
            var v = Model.EmbedOne(text);
            lists.Add((FullVectors.Search(v, depth, allowed, exclude).Select(h => h.PaperId).ToList(), 1.0));
        }
        if (useStatic && StaticVectors.Count > 0)
        {
            var weight = lists.Count > 0 ? StaticWeightBesideFull : 1.0;
            lists.Add((StaticVectors.Search(Static.Embed(text), depth, allowed, exclude).Select(h => h.PaperId).ToList(), weight));
        }
        return lists;
    }

    /// <summary>Weighted reciprocal rank fusion: each list adds weight / (k + rank).</summary>
    public static List<(long PaperId, double Score)> Fuse(IEnumerable<(IReadOnlyList<long> Ids, double Weight)> lists)
    {
        var scores = new Dictionary<long, double>();
        foreach (var (ids, weight) in lists)
            for (var r = 0; r < ids.Count; r++)
                scores[ids[r]] = scores.GetValueOrDefault(ids[r]) + weight / (RrfK + r + 1);
        return scores.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Select(kv => (kv.Key, kv.Value)).ToList();
    }

    private SearchResult Page(List<(long PaperId, double Score)> fused, SearchQuery q, int total, string mode)
    {
        var page = fused.Skip(Math.Max(0, q.Offset)).Take(Math.Clamp(q.Limit, 0, 1000)).ToList();
        var marked = Lexical.Highlight(page.Select(p => p.PaperId).ToList(), q.Text);
        // Papers deleted since their vectors were loaded are not in the full-text index: drop them.
        var hits = page.Where(p => marked.ContainsKey(p.PaperId))
            .Select(p => marked[p.PaperId] with { Score = (float)p.Score }).ToList();
        return new SearchResult(hits, total) { Mode = mode };
    }
}
