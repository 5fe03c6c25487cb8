namespace DailyPapers.Search;

/// <summary>What the search index holds of one paper, loaded in bulk from the database.</summary>
public sealed record SearchDoc
{
    public required long PaperId { get; init; }
    public required string ArxivId { get; init; }
    public required string Title { get; init; }
    public required string Abstract { get; init; }
    public IReadOnlyList<string> Authors { get; init; } = [];
    public IReadOnlyList<string> AiKeywords { get; init; } = [];
    public string? AiSummary { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    /// <summary>Organisation handle (paper's, else the latest feed entry's).</summary>
    public string? Organization { get; init; }
    public bool HasCode { get; init; }
    public int Upvotes { get; init; }
    public DateOnly? Published { get; init; }
    public IReadOnlyList<DateOnly> FeedDates { get; init; } = [];
}
