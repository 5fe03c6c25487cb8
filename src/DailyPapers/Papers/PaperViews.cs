namespace DailyPapers.Papers;

/// <summary>A stored paper with its live counters and the feed days it appeared on.</summary>
public sealed record PaperView(long Id, Paper Paper, int Upvotes, int NumComments, double Hotness, DateTimeOffset? FirstFeaturedAt)
{
    public IReadOnlyList<DailyEntry> Entries { get; init; } = [];
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>The part of <see cref="NumComments"/> counted on Hugging Face (its last snapshot); the rest are this site's.</summary>
    public int HfNumComments { get; init; }
    /// <summary>Visible comments written on this site (<see cref="NumComments"/> less the Hugging Face part).</summary>
    public int LocalComments => Math.Max(0, NumComments - HfNumComments);
}

/// <summary>One card of a feed: the paper and the entry that featured it.</summary>
public sealed record FeedItem(PaperView Paper, DailyEntry Entry);

public enum FeedSort { Trending, PublishedAt, Upvotes }

public sealed record FeedQuery(DateOnly From, DateOnly To)
{
    public FeedSort Sort { get; init; } = FeedSort.Trending;
    public int Offset { get; init; }
    public int Limit { get; init; } = 50;
    /// <summary>Only entries submitted by this user handle.</summary>
    public string? Submitter { get; init; }
}

public sealed record FeedResult(IReadOnlyList<FeedItem> Items, int Total);

public enum ImportOutcome { New, Updated, Unchanged }

public sealed record ImportCounts(int New, int Updated, int Unchanged, int Rejected)
{
    public static readonly ImportCounts Zero = new(0, 0, 0, 0);
    public int Total => New + Updated + Unchanged + Rejected;
    public ImportCounts Add(ImportOutcome o) => o switch
    {
        ImportOutcome.New => this with { New = New + 1 },
        ImportOutcome.Updated => this with { Updated = Updated + 1 },
        _ => this with { Unchanged = Unchanged + 1 },
    };
    public static ImportCounts operator +(ImportCounts a, ImportCounts b) =>
        new(a.New + b.New, a.Updated + b.Updated, a.Unchanged + b.Unchanged, a.Rejected + b.Rejected);
    public override string ToString() => $"{New} new, {Updated} updated, {Unchanged} unchanged, {Rejected} rejected";
}
