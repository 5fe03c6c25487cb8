namespace DailyPapers.Papers;

/// <summary>
/// A paper as a source describes it. Every field but the id, title and abstract may be unknown (null / empty):
/// the store merges what each source knows (arXiv metadata, HF daily-papers extras) into one row.
/// </summary>
public sealed record Paper
{
    public required string ArxivId { get; init; }
    /// <summary>Latest arXiv version this record describes; null when the source does not say (HF data).</summary>
    public int? Version { get; init; }
    public required string Title { get; init; }
    public required string Abstract { get; init; }
    /// <summary>arXiv v1 publication time.</summary>
    public DateTimeOffset? PublishedAt { get; init; }
    /// <summary>Time of the latest arXiv version.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
    public IReadOnlyList<string> Categories { get; init; } = [];
    public string? Doi { get; init; }
    public string? JournalRef { get; init; }
    public string? Comments { get; init; }
    public string? License { get; init; }
    /// <summary>Name of the arXiv submitter (Kaggle/arXivRaw), not a site user.</summary>
    public string? Submitter { get; init; }
    public string? GithubRepo { get; init; }
    public int? GithubStars { get; init; }
    public string? ProjectPage { get; init; }
    public string? AiSummary { get; init; }
    public IReadOnlyList<string> AiKeywords { get; init; } = [];
    public string? Thumbnail { get; init; }
    public IReadOnlyList<string> MediaUrls { get; init; } = [];
    /// <summary>Upvotes as counted by Hugging Face when the record was captured (a snapshot).</summary>
    public int? HfUpvotes { get; init; }
    public string? DiscussionId { get; init; }
    public DateTimeOffset? WithdrawnAt { get; init; }
    public OrganizationRef? Organization { get; init; }
    public IReadOnlyList<PaperAuthor> Authors { get; init; } = [];
    public IReadOnlyList<PaperVersion> Versions { get; init; } = [];
}

/// <summary>An author entry in order. Status values follow the HF data (see <see cref="AuthorStatus"/>).</summary>
public sealed record PaperAuthor(string Name)
{
    public string? Status { get; init; }
    public bool Hidden { get; init; }
    public UserRef? User { get; init; }
    public string? HfId { get; init; }
    public DateTimeOffset? StatusChangedAt { get; init; }
    public string? Affiliation { get; init; }
}

public static class AuthorStatus
{
    public const string AdminAssigned = "admin_assigned";
    public const string ClaimedVerified = "claimed_verified";
    public const string ExtractedPending = "extracted_pending";
    public const string ExtractedConfirmed = "extracted_confirmed";
    public const string ExtractedInfirmed = "extracted_infirmed";

    public static readonly IReadOnlySet<string> All = new HashSet<string>
        { AdminAssigned, ClaimedVerified, ExtractedPending, ExtractedConfirmed, ExtractedInfirmed };

    /// <summary>Claimed or assigned authors are shown as verified.</summary>
    public static bool IsVerified(string? status) => status is ClaimedVerified or AdminAssigned;
}

public sealed record PaperVersion(int Version, DateTimeOffset? SubmittedAt, string? Size = null);

/// <summary>A person as the HF data knows them: handle plus display data.</summary>
public sealed record UserRef(string Handle)
{
    public string? FullName { get; init; }
    public string? AvatarUrl { get; init; }
    public string? HfId { get; init; }
    public bool IsPro { get; init; }
}

public sealed record OrganizationRef(string Name)
{
    public string? FullName { get; init; }
    public string? AvatarUrl { get; init; }
    public string? HfId { get; init; }
}

/// <summary>A paper featured on the daily feed of <see cref="FeedDate"/>.</summary>
public sealed record DailyEntry
{
    public required string ArxivId { get; init; }
    public required DateOnly FeedDate { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public UserRef? SubmittedBy { get; init; }
    public OrganizationRef? Organization { get; init; }
    /// <summary>Display title without arXiv's hard wraps.</summary>
    public string? Title { get; init; }
    public int NumComments { get; init; }
    public bool? IsAuthorParticipating { get; init; }
    public string Source { get; init; } = "hf";
}

/// <summary>What one importer line/record yields: a paper and, for daily-feed sources, the feed entry.</summary>
public sealed record ImportRecord(Paper Paper, DailyEntry? Entry = null);
