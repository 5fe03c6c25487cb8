using System.Text.Json;
using DailyPapers.Papers;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>Dapper row shapes (snake_case columns map to these by <see cref="DapperSetup"/>).</summary>
internal sealed class PaperRow
{
    public long Id { get; set; }
    public string ArxivId { get; set; } = "";
    public int? Version { get; set; }
    public string Title { get; set; } = "";
    public string Abstract { get; set; } = "";
    public string? PublishedAt { get; set; }
    public string? UpdatedAt { get; set; }
    public string Categories { get; set; } = "";
    public string? Doi { get; set; }
    public string? JournalRef { get; set; }
    public string? Comments { get; set; }
    public string? License { get; set; }
    public string? Submitter { get; set; }
    public string? GithubRepo { get; set; }
    public int? GithubStars { get; set; }
    public string? ProjectPage { get; set; }
    public string? AiSummary { get; set; }
    public string AiKeywords { get; set; } = "[]";
    public string? Thumbnail { get; set; }
    public string MediaUrls { get; set; } = "[]";
    public string? DiscussionId { get; set; }
    public string? WithdrawnAt { get; set; }
    public long? OrganizationId { get; set; }
    public int HfUpvotes { get; set; }
    public int HfNumComments { get; set; }
    public int Upvotes { get; set; }
    public int NumComments { get; set; }
    public double Hotness { get; set; }
    public string? FirstFeaturedAt { get; set; }
    public string CreatedAt { get; set; } = "";
    // joined
    public string? OrgName { get; set; }
    public string? OrgFullName { get; set; }
    public string? OrgAvatarUrl { get; set; }
    public string? OrgHfId { get; set; }
}

internal sealed class AuthorRow
{
    public long PaperId { get; set; }
    public int Position { get; set; }
    public string Name { get; set; } = "";
    public string? Status { get; set; }
    public bool Hidden { get; set; }
    public string? HfId { get; set; }
    public string? StatusChangedAt { get; set; }
    public string? Affiliation { get; set; }
    public string? Handle { get; set; }
    public string? FullName { get; set; }
    public string? AvatarUrl { get; set; }
    public string? UserHfId { get; set; }
    public bool IsPro { get; set; }
}

internal sealed class VersionRow
{
    public long PaperId { get; set; }
    public int Version { get; set; }
    public string? SubmittedAt { get; set; }
    public string? Size { get; set; }
}

internal sealed class EntryRow
{
    public long Id { get; set; }
    public long PaperId { get; set; }
    public string ArxivId { get; set; } = "";
    public string FeedDate { get; set; } = "";
    public string? SubmittedAt { get; set; }
    public string? Title { get; set; }
    public int NumComments { get; set; }
    public bool? IsAuthorParticipating { get; set; }
    public string Source { get; set; } = "hf";
    public string? Handle { get; set; }
    public string? FullName { get; set; }
    public string? AvatarUrl { get; set; }
    public string? UserHfId { get; set; }
    public bool IsPro { get; set; }
    public string? OrgName { get; set; }
    public string? OrgFullName { get; set; }
    public string? OrgAvatarUrl { get; set; }
    public string? OrgHfId { get; set; }

    public DailyEntry ToEntry() => new()
    {
        ArxivId = ArxivId,
        FeedDate = SqlTime.ParseDate(FeedDate),
        SubmittedAt = SqlTime.ParseTs(SubmittedAt),
        SubmittedBy = Handle is null ? null : new UserRef(Handle) { FullName = FullName, AvatarUrl = AvatarUrl, HfId = UserHfId, IsPro = IsPro },
        Organization = OrgName is null ? null : new OrganizationRef(OrgName) { FullName = OrgFullName, AvatarUrl = OrgAvatarUrl, HfId = OrgHfId },
        Title = Title,
        NumComments = NumComments,
        IsAuthorParticipating = IsAuthorParticipating,
        Source = Source,
    };
}
