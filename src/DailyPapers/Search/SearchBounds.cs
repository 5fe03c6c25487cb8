namespace DailyPapers.Search;

/// <summary>
/// How much work one query may cause. An anonymous reader chooses the query text, so without bounds 125 one-letter
/// words (875 posting lists over seven fields, then the same again in the highlighter) cost 0.8–2 s of CPU per
/// request (issue 10). Words beyond the bounds are dropped, never refused: the search still answers, and
/// <see cref="SearchResult.DroppedTerms"/> says what was left out so the page can tell the reader.
/// There are no prefix, wildcard or fuzzy queries (<see cref="QueryText"/> reads '*' and '~' as plain text), so the
/// only expansion is the analyzer's: each word group yields at most <see cref="MaxTokensPerTerm"/> tokens.
/// </summary>
public sealed record SearchBounds
{
    /// <summary>
    /// Words and "phrases" kept from one query, exclusions included (a person types fewer than ten; the fallback
    /// "similar papers" query of a title plus AI keywords stays under it).
    /// </summary>
    public int MaxTerms { get; init; } = 32;

    /// <summary>Tokens kept from one word group or phrase: "a-b-c-…" or a long quoted phrase analyses to many.</summary>
    public int MaxTokensPerTerm { get; init; } = 16;

    /// <summary>
    /// Term lookups in the whole built query, counted over every field (a word is looked up in seven fields, so
    /// 32 plain words take 224). Each one is a posting list the scorer walks and the highlighter weighs. A word
    /// that would pass this is dropped like one past <see cref="MaxTerms"/>.
    /// </summary>
    public int MaxClauses { get; init; } = 400;

    /// <summary>Hits of one page that get highlighted fragments (~0.4 ms each); later ones show the plain teaser.</summary>
    public int MaxHighlightedHits { get; init; } = 120;

    /// <summary>Characters of a stored title or abstract the highlighter re-analyses (arXiv abstracts stay under 2,000).</summary>
    public int MaxHighlightChars { get; init; } = 10_000;

    public static SearchBounds Default { get; } = new();

    /// <summary>
    /// The behaviour before issue 10 (only the 500-character cut of <see cref="QueryText.MaxChars"/> and 64 tokens per
    /// word group): benchmarks measure an attack against it. Not for a server.
    /// </summary>
    public static SearchBounds Unbounded { get; } = new()
    {
        MaxTerms = QueryText.MaxChars, MaxTokensPerTerm = 64, MaxClauses = int.MaxValue, MaxHighlightedHits = int.MaxValue, MaxHighlightChars = 100_000,
    };

    /// <summary>The first setting that cannot work, or null.</summary>
    public string? Problem() =>
        MaxTerms < 1 ? $"MaxTerms ({MaxTerms}) must be at least 1"
        : MaxTokensPerTerm < 1 ? $"MaxTokensPerTerm ({MaxTokensPerTerm}) must be at least 1"
        : MaxClauses < 1 ? $"MaxClauses ({MaxClauses}) must be at least 1"
        : MaxHighlightedHits < 0 ? $"MaxHighlightedHits ({MaxHighlightedHits}) must be 0 or more"
        : MaxHighlightChars < 1 ? $"MaxHighlightChars ({MaxHighlightChars}) must be at least 1"
        : null;
}
