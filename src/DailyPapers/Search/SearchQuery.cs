namespace DailyPapers.Search;

public enum SearchSort { Relevance, Newest, Upvotes }

/// <summary>What a reader asks for: free text plus filters, a sort and a page.</summary>
public sealed record SearchQuery
{
    /// <summary>Free text: words, "quoted phrases", -exclusions. Anything else is read as plain words.</summary>
    public string? Text { get; init; }
    public DateOnly? PublishedFrom { get; init; }
    public DateOnly? PublishedTo { get; init; }
    public DateOnly? FeedFrom { get; init; }
    public DateOnly? FeedTo { get; init; }
    /// <summary>An arXiv category such as cs.CL (any of the paper's categories).</summary>
    public string? Category { get; init; }
    /// <summary>Organisation name (HF handle, e.g. "google").</summary>
    public string? Organization { get; init; }
    /// <summary>True: only papers with a code repository; false: only without; null: either.</summary>
    public bool? HasCode { get; init; }
    public int? MinUpvotes { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public int Offset { get; init; }
    public int Limit { get; init; } = 20;
    /// <summary>
    /// Leave the AI keywords and AI summary out of full-text matching. Only the relevance evaluation sets this:
    /// its known-item queries are made from a paper's AI keywords, so the document side must not hold them.
    /// </summary>
    public bool SkipAiFields { get; init; }

    public bool HasFilters => PublishedFrom is not null || PublishedTo is not null || FeedFrom is not null || FeedTo is not null
        || Category is not null || Organization is not null || HasCode is not null || MinUpvotes is not null;
}

/// <summary>One result: the paper, its score, and title/abstract fragments with matched terms in &lt;mark&gt;.</summary>
public sealed record SearchHit(long PaperId, string ArxivId, float Score)
{
    /// <summary>HTML-encoded title with matches marked, or null when nothing in it matched.</summary>
    public string? TitleHtml { get; init; }
    /// <summary>HTML-encoded abstract fragment(s) with matches marked, or null when nothing in it matched.</summary>
    public string? AbstractHtml { get; init; }
}

/// <summary>
/// A page of results with the total number of matches. <see cref="Useless"/> is true when the text held nothing
/// searchable (empty, only punctuation, only stop words or exclusions): there are then no hits, and the page
/// should say so kindly.
/// </summary>
public sealed record SearchResult(IReadOnlyList<SearchHit> Hits, int Total)
{
    public bool Useless { get; init; }
    /// <summary>What the result is built from: "bm25", "vector", "hybrid", or "id" (papers named by id).</summary>
    public string Mode { get; init; } = "bm25";
    /// <summary>Words of the query left out to bound its cost (<see cref="SearchBounds"/>), as typed; the page says so.</summary>
    public IReadOnlyList<string> DroppedTerms { get; init; } = [];
    public static SearchResult UselessQuery => new([], 0) { Useless = true };
    /// <summary>True while this node's full-text index is being rebuilt from the database (no results yet, ask again soon).</summary>
    public bool Rebuilding { get; init; }
    public static SearchResult IndexRebuilding => new([], 0) { Rebuilding = true };
    /// <summary>
    /// Documents that matched at all, when more than <see cref="Total"/>: relevance is fused from each voice's top
    /// candidates, so <see cref="Total"/> counts what paging reaches and this counts what exists (sort by newest to see all).
    /// </summary>
    public int Matches { get; init; }
    /// <summary>
    /// The query was a list of arXiv ids (or links, DOIs): these, in the order given. <see cref="Hits"/> holds the
    /// ones this server has, in the same order; the others are not here (yet).
    /// </summary>
    public IReadOnlyList<string>? RequestedIds { get; init; }
}
