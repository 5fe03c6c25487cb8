using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace DailyPapers.Search;

public sealed partial class LuceneIndex
{
    /// <summary>Longest abstract fragment shown, in characters.</summary>
    private const int FragmentChars = 220;

    /// <summary>Abstract fragments shown per hit (joined by " … "): at most ~440 characters of teaser.</summary>
    private const int MaxFragments = 2;

    /// <summary>From this many hits a page's highlights are made in parallel (each one costs ~0.4 ms).</summary>
    private const int ParallelFromHits = 4;

    /// <summary>
    /// From this many documents (in an index of several segments) a ranking search scores the segments on all
    /// cores at once: at 1M papers the BM25 ranking walks posting lists of hundreds of thousands of documents per
    /// common word. Below it, handing work to other threads costs more than it saves.
    /// </summary>
    private const int ParallelFromDocs = 50_000;

    /// <summary>
    /// The top <paramref name="n"/> of <paramref name="query"/>, with the segments of a large index scored on all
    /// cores at once. Same hits, scores, order and total: each segment is scored as before and the per-segment top
    /// lists are merged by score, then document number, exactly as one collector over all of them ranks ties.
    /// Only one search at a time fans out (<see cref="_fanOut"/>): a lone query gets both cores, while on a busy
    /// server the others run on their own thread as before instead of queueing sub-tasks behind each other and
    /// blocking thread-pool threads while they wait.
    /// </summary>
    private TopDocs Rank(IndexSearcher s, Query query, int n)
    {
        if (!AllCores || s.IndexReader.MaxDoc < ParallelFromDocs || s.IndexReader.Leaves.Count < 2 || !_fanOut.Wait(0))
            return s.Search(query, n);
        try { return new IndexSearcher(s.IndexReader, TaskScheduler.Default) { Similarity = s.Similarity }.Search(query, n); }
        finally { _fanOut.Release(); }
    }

    private readonly SemaphoreSlim _fanOut = new(1, 1);

    /// <summary>
    /// Whether one search may use several cores (segments scored and a page highlighted in parallel). Results are
    /// the same either way; off, a search runs on its caller's thread only (benchmarks compare the two).
    /// </summary>
    public bool AllCores { get; set; } = true;

    /// <summary>How much work one query may cause (words, term lookups, highlighting); see <see cref="SearchBounds"/>.</summary>
    public SearchBounds Bounds { get; set; } = SearchBounds.Default;

    /// <summary>The query for free text within <see cref="Bounds"/>, or null when nothing in it is searchable.</summary>
    public BuiltQuery? Plan(string? text, bool aiFields = true) => LuceneQueries.Plan(Analyzer, text, aiFields, Bounds);

    /// <summary>A page of full-text results for <paramref name="q"/>, with highlights. Never throws on query text.</summary>
    public SearchResult Search(SearchQuery q)
    {
        using var timer = Telemetry.DailyPapersMetrics.TimeSearch(Telemetry.DailyPapersMetrics.Bm25);
        if (Plan(q.Text, !q.SkipAiFields) is not { } plan) return SearchResult.UselessQuery;
        var text = plan.Query;
        var query = WithFilters(text, q);
        var offset = Math.Max(0, q.Offset);
        var limit = Math.Clamp(q.Limit, 0, 1000);
        var s = _searchers.Acquire();
        try
        {
            var n = Math.Max(1, offset + limit);
            TopDocs top = q.Sort switch
            {
                SearchSort.Newest => s.Search(query, null, n, new Sort(new SortField(F.PublishedDv, SortFieldType.INT64, true), SortField.FIELD_SCORE), true, false),
                SearchSort.Upvotes => s.Search(query, null, n, new Sort(new SortField(F.UpvotesDv, SortFieldType.INT64, true), SortField.FIELD_SCORE), true, false),
                _ => Rank(s, query, n),
            };
            var page = top.ScoreDocs.Skip(offset).Take(limit).ToArray();
            var marked = page.Take(Bounds.MaxHighlightedHits).Select(sd => sd.Doc).ToHashSet();
            return new SearchResult(Each(page, sd => marked.Contains(sd.Doc) ? Hit(s, sd, text) : Plain(s, sd)), top.TotalHits) { DroppedTerms = plan.Dropped };
        }
        finally { _searchers.Release(s); }
    }

    /// <summary>The best <paramref name="n"/> paper ids by BM25 for the text and filters of <paramref name="q"/> (hybrid input).</summary>
    public (IReadOnlyList<long> Ids, int Total, bool Useless) TopIds(SearchQuery q, int n)
    {
        using var timer = Telemetry.DailyPapersMetrics.TimeSearch(Telemetry.DailyPapersMetrics.Bm25);
        if (Plan(q.Text, !q.SkipAiFields) is not { } plan) return ([], 0, true);
        var s = _searchers.Acquire();
        try
        {
            var top = Rank(s, WithFilters(plan.Query, q), Math.Max(1, n));
            return (PaperIds(s, top.ScoreDocs), top.TotalHits, false);
        }
        finally { _searchers.Release(s); }
    }

    /// <summary>The best <paramref name="n"/> paper ids for a built <paramref name="query"/> within the filters of <paramref name="q"/>.</summary>
    public IReadOnlyList<long> TopIds(Query query, SearchQuery q, int n)
    {
        var s = _searchers.Acquire();
        try { return PaperIds(s, Rank(s, WithFilters(query, q), Math.Max(1, n)).ScoreDocs); }
        finally { _searchers.Release(s); }
    }

    /// <summary>
    /// Highlighted title/abstract for given papers (in page order) and query text (hits that came from the vector
    /// side); papers past <see cref="SearchBounds.MaxHighlightedHits"/> come back without highlights.
    /// </summary>
    public IReadOnlyDictionary<long, SearchHit> Highlight(IReadOnlyCollection<long> paperIds, string? queryText)
    {
        var result = new Dictionary<long, SearchHit>();
        if (paperIds.Count == 0) return result;
        var text = Plan(queryText)?.Query;
        var marked = paperIds.Take(Bounds.MaxHighlightedHits).ToHashSet();
        var s = _searchers.Acquire();
        try
        {
            var q = new BooleanQuery();
            foreach (var id in paperIds) q.Add(new TermQuery(new Term(F.Id, id.ToString(System.Globalization.CultureInfo.InvariantCulture))), Occur.SHOULD);
            var top = s.Search(q, paperIds.Count);
            foreach (var hit in Each(top.ScoreDocs, sd => text is null || !marked.Contains(PaperIds(s, [sd])[0]) ? Plain(s, sd) : Hit(s, sd, text)))
                result[hit.PaperId] = hit;
            return result;
        }
        finally { _searchers.Release(s); }
    }

    /// <summary>Whether any indexed paper has an arXiv category (a filter on categories is offered only then).</summary>
    public bool HasCategories
    {
        get
        {
            var s = _searchers.Acquire();
            try { return s.IndexReader.Leaves.Any(l => l.AtomicReader.GetTerms(F.Category) is { } t && t.GetEnumerator().MoveNext()); }
            finally { _searchers.Release(s); }
        }
    }

    /// <summary>Paper ids of those of <paramref name="arxivIds"/> (canonical, without version) that the index holds.</summary>
    public Dictionary<string, long> FindArxivIds(IEnumerable<string> arxivIds)
    {
        var found = new Dictionary<string, long>(StringComparer.Ordinal);
        var s = _searchers.Acquire();
        try
        {
            foreach (var a in arxivIds.Distinct(StringComparer.Ordinal))
            {
                var top = s.Search(new TermQuery(new Term(F.ArxivId, a)), 1);
                if (top.ScoreDocs.Length > 0) found[a] = PaperIds(s, top.ScoreDocs)[0];
            }
            return found;
        }
        finally { _searchers.Release(s); }
    }

    /// <summary>Paper ids matching only the filters of <paramref name="q"/>, or null when it has none (everything passes).</summary>
    public HashSet<long>? FilterIds(SearchQuery q)
    {
        if (!q.HasFilters) return null;
        var s = _searchers.Acquire();
        try
        {
            var top = s.Search(WithFilters(new MatchAllDocsQuery(), q), Math.Max(1, s.IndexReader.MaxDoc));
            return [.. PaperIds(s, top.ScoreDocs)];
        }
        finally { _searchers.Release(s); }
    }

    private static Query WithFilters(Query text, SearchQuery q)
    {
        if (!q.HasFilters) return text;
        var b = new BooleanQuery { { text, Occur.MUST } };
        void Filter(Query f) => b.Add(new ConstantScoreQuery(f) { Boost = 0f }, Occur.MUST);
        if (q.PublishedFrom is not null || q.PublishedTo is not null)
            Filter(NumericRangeQuery.NewInt32Range(F.Published, q.PublishedFrom is { } pf ? DayNumber(pf) : 1, q.PublishedTo is { } pt ? DayNumber(pt) : null, true, true));
        if (q.FeedFrom is not null || q.FeedTo is not null)
            Filter(NumericRangeQuery.NewInt32Range(F.Feed, q.FeedFrom is { } ff ? DayNumber(ff) : null, q.FeedTo is { } ft ? DayNumber(ft) : null, true, true));
        if (!string.IsNullOrWhiteSpace(q.Category)) Filter(new TermQuery(new Term(F.Category, q.Category.Trim().ToLowerInvariant())));
        if (!string.IsNullOrWhiteSpace(q.Organization)) Filter(new TermQuery(new Term(F.Organization, q.Organization.Trim().ToLowerInvariant())));
        if (q.HasCode is { } code) Filter(new TermQuery(new Term(F.HasCode, code ? "1" : "0")));
        if (q.MinUpvotes is { } min) Filter(NumericRangeQuery.NewInt32Range(F.Upvotes, min, null, true, true));
        return b;
    }

    private static List<long> PaperIds(IndexSearcher s, ScoreDoc[] docs)
    {
        var leaves = s.IndexReader.Leaves;
        var ids = new List<long>(docs.Length);
        foreach (var sd in docs)
        {
            var leaf = leaves[ReaderUtil.SubIndex(sd.Doc, leaves)];
            var dv = leaf.AtomicReader.GetNumericDocValues(F.PaperId);
            ids.Add(dv.Get(sd.Doc - leaf.DocBase));
        }
        return ids;
    }

    /// <summary>
    /// <paramref name="make"/> of each document, in order. A page's highlights are made on all cores: each one
    /// re-analyses a stored title and abstract (~0.4 ms a hit), independent of the others.
    /// </summary>
    private List<SearchHit> Each(ScoreDoc[] docs, Func<ScoreDoc, SearchHit> make)
    {
        var hits = new SearchHit[docs.Length];
        if (!AllCores || docs.Length < ParallelFromHits || !_fanOut.Wait(0))
        {
            for (var i = 0; i < docs.Length; i++) hits[i] = make(docs[i]);
            return [.. hits];
        }
        try { Parallel.For(0, docs.Length, i => hits[i] = make(docs[i])); }
        finally { _fanOut.Release(); }
        return [.. hits];
    }

    private SearchHit Plain(IndexSearcher s, ScoreDoc sd)
    {
        var id = PaperIds(s, [sd])[0];
        var doc = s.Doc(sd.Doc);
        return new SearchHit(id, doc.Get(F.ArxivId), sd.Score);
    }

    private SearchHit Hit(IndexSearcher s, ScoreDoc sd, Query text)
    {
        var id = PaperIds(s, [sd])[0];
        var doc = s.Doc(sd.Doc);
        return new SearchHit(id, doc.Get(F.ArxivId), float.IsNaN(sd.Score) ? 0 : sd.Score)
        {
            TitleHtml = Mark(text, F.Title, doc.Get(F.Title), whole: true),
            AbstractHtml = Mark(text, F.Abstract, doc.Get(F.Abstract), whole: false),
        };
    }

    /// <summary>HTML-encoded text with the query's matches in &lt;mark&gt;, or null when nothing in it matched.</summary>
    private string? Mark(Query query, string field, string? text, bool whole)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var scorer = new QueryScorer(query, field);
        var h = new Highlighter(new SimpleHTMLFormatter("<mark>", "</mark>"), new SimpleHTMLEncoder(), scorer)
        {
            TextFragmenter = whole ? new NullFragmenter() : new SimpleSpanFragmenter(scorer, FragmentChars),
            MaxDocCharsToAnalyze = Bounds.MaxHighlightChars,
        };
        try
        {
            using var ts = Analyzer.GetTokenStream(field, text);
            var frags = h.GetBestFragments(ts, text, whole ? 1 : MaxFragments, " … ");
            return string.IsNullOrEmpty(frags) ? null : frags;
        }
        catch (InvalidTokenOffsetsException)
        {
            return null; // a highlight is a nicety: the hit still shows with its plain teaser
        }
    }
}
