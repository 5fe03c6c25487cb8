using DailyPapers.Papers;

namespace DailyPapers.Search;

public sealed partial class SearchService
{
    /// <summary>
    /// Hybrid search: BM25 and vector results (full MiniLM where computed, the static model everywhere) fused by
    /// reciprocal rank fusion, filters applied to both. Sorts other than relevance use the full-text matches only.
    /// </summary>
    private async Task<SearchResult> SearchCoreAsync(SearchQuery q, CancellationToken ct)
    {
        // A pasted id, link or DOI means that paper, and a pasted reading list those papers, in order (issue 14.1):
        // filters and sorts do not apply to papers named one by one.
        if (ArxivId.TryParseList(q.Text) is { } named) return ById(named, q);
        if (q.Sort != SearchSort.Relevance) return Lexical.Search(q);
        using var timer = Telemetry.DailyPapersMetrics.TimeSearch(Telemetry.DailyPapersMetrics.Hybrid);
        if (Lexical.Plan(q.Text, !q.SkipAiFields) is not { } plan) return SearchResult.UselessQuery;
        // author:, title:, org: ask for something exact: papers near in meaning would not honour the field.
        var fielded = QueryText.Split(q.Text).Any(p => p.Field is not null && !p.Excluded);
        var allowed = fielded ? null : Lexical.FilterIds(q);
        // The two voices are independent: embed and scan on another thread while BM25 ranks (same lists, fused
        // in the same order, as when they ran one after the other).
        var vectors = fielded ? Task.FromResult(new List<(IReadOnlyList<long>, double, IReadOnlyList<long>)>())
            : Task.Run(() => VectorLists(q.Text!, allowed, -1, FusionDepth), ct);
        var (lexIds, lexTotal, _) = Lexical.TopIds(q, FusionDepth);
        var lists = new List<(IReadOnlyList<long> Ids, double Weight)> { (lexIds, 1.0) };
        var admitted = new HashSet<long>();
        foreach (var (ids, w, similar) in await vectors)
        {
            lists.Add((ids, w * VectorWeight));
            admitted.UnionWith(similar);
        }
        // A paper found by meaning alone must be near enough in meaning (issue 14.3): without the cut-off every query,
        // "zzqxqzz" included, has 100 nearest neighbours. Below it a vector still lifts papers BM25 found.
        var lexical = lexIds.ToHashSet();
        var fused = Fuse(lists).Where(f => lexical.Contains(f.PaperId) || admitted.Contains(f.PaperId)).ToList();
        if (!fielded && AuthorNames.LooksLikeName(q.Text)) fused = AuthorFirst(fused, q);
        var vectorOnly = fused.Count - lexIds.Count;
        // Total is what paging reaches (the fused candidates); Matches also counts BM25 matches past the fusion depth.
        return Page(fused, q, fused.Count, "hybrid") with { DroppedTerms = plan.Dropped, Matches = lexTotal + vectorOnly };
    }

    /// <summary>
    /// A query that is a person's name puts that author's papers first (issue 14.2), in the fused order, then the rest:
    /// fusion alone ranks a paper that merely mentions the words (or is near them in meaning) above the author's own.
    /// </summary>
    private List<(long PaperId, double Score)> AuthorFirst(List<(long PaperId, double Score)> fused, SearchQuery q)
    {
        if (LuceneQueries.AuthorQuery(q.Text!) is not { } byAuthor) return fused;
        var theirs = Lexical.TopIds(byAuthor, q, FusionDepth);
        if (theirs.Count == 0) return fused;
        var set = theirs.ToHashSet();
        var inFused = fused.Where(f => set.Contains(f.PaperId)).ToList();
        var seen = inFused.Select(f => f.PaperId).ToHashSet();
        var top = inFused.Count > 0 ? inFused[0].Score : 0;
        return [.. inFused, .. theirs.Where(id => !seen.Contains(id)).Select(id => (id, top)), .. fused.Where(f => !set.Contains(f.PaperId))];
    }

    /// <summary>The papers named by <paramref name="ids"/> that this server has, in the order given.</summary>
    private SearchResult ById(IReadOnlyList<ArxivId> ids, SearchQuery q)
    {
        var found = Lexical.FindArxivIds(ids.Select(i => i.Id));
        var inOrder = ids.Where(i => found.ContainsKey(i.Id)).Select(i => (found[i.Id], 1.0)).ToList();
        return Page(inOrder, q with { Text = null }, inOrder.Count, "id") with { RequestedIds = [.. ids.Select(i => i.Id)] };
    }

    /// <summary>Vectors only (evaluation, "search by meaning").</summary>
    private Task<SearchResult> VectorOnlyCoreAsync(SearchQuery q)
    {
        if (string.IsNullOrWhiteSpace(q.Text)) return Task.FromResult(SearchResult.UselessQuery);
        var fused = Fuse(VectorLists(q.Text, Lexical.FilterIds(q), -1, FusionDepth).Select(l => (l.Ids, l.Weight)));
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
        if (lists.Count == 0) lists.AddRange(VectorLists(paper.Paper.Title + ". " + paper.Paper.Abstract, null, paper.Id, FusionDepth).Select(l => (l.Ids, l.Weight)));
        var fused = Fuse(lists);
        return Page(fused, new SearchQuery { Limit = k }, fused.Count, "vector");
    }

    /// <summary>"Search by abstract": papers nearest in meaning to a pasted paragraph, with BM25 as a weaker voice.</summary>
    private Task<SearchResult> SearchByTextCoreAsync(string paragraph, int k)
    {
        if (string.IsNullOrWhiteSpace(paragraph)) return Task.FromResult(SearchResult.UselessQuery);
        var lists = VectorLists(paragraph, null, -1, FusionDepth).Select(l => (l.Ids, l.Weight)).ToList();
        var (lexIds, _, useless) = Lexical.TopIds(new SearchQuery { Text = paragraph }, FusionDepth);
        if (!useless) lists.Add((lexIds, 0.5));
        var fused = Fuse(lists);
        return Task.FromResult(Page(fused, new SearchQuery { Limit = k }, fused.Count, "vector"));
    }

    /// <summary>
    /// Each vector voice's nearest papers, its weight, and those of them at or above the voice's similarity cut-off
    /// (<see cref="FullCutoff"/>, <see cref="StaticCutoff"/>).
    /// </summary>
    private List<(IReadOnlyList<long> Ids, double Weight, IReadOnlyList<long> Similar)> VectorLists(string text, ISet<long>? allowed, long exclude, int depth)
    {
        using var timer = Telemetry.DailyPapersMetrics.TimeSearch(Telemetry.DailyPapersMetrics.Vector);
        var lists = new List<(IReadOnlyList<long>, double, IReadOnlyList<long>)>();
        var (useFull, useStatic) = Voices switch
        {
            VectorVoices.Full => (true, false),
            VectorVoices.Static => (false, true),
            VectorVoices.Both => (true, true),
            // Both, whenever each has vectors: fused they beat full MiniLM alone (demo nDCG@10 0.654 vs 0.623,
            // docs/BENCHMARKS.md), and the static model covers new papers before MiniLM reaches them.
            _ => (FullVectors.Count > 0, StaticVectors.Count > 0),
        };
        static (IReadOnlyList<long>, double, IReadOnlyList<long>) Voice(List<(long PaperId, float Score)> hits, double weight, double cutoff) =>
            (hits.Select(h => h.PaperId).ToList(), weight, hits.Where(h => h.Score >= cutoff).Select(h => h.PaperId).ToList());
        if (useFull && FullVectors.Count > 0)
            lists.Add(Voice(FullVectors.Search(Model.EmbedOne(text), depth, allowed, exclude), 1.0, FullCutoff));
        if (useStatic && StaticVectors.Count > 0)
        {
            var weight = lists.Count > 0 ? StaticWeightBesideFull : 1.0;
            lists.Add(Voice(StaticVectors.Search(Static.Embed(text), depth, allowed, exclude), weight, StaticCutoff));
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
