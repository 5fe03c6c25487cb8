using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Web.Api;

// The JSON shapes of Hugging Face's /api/daily_papers and /api/papers/{id} (see data/SOURCES.md §1 and §5), so
// existing clients (huggingface_hub's list_daily_papers / paper_info) read our responses unchanged. Optional
// fields are omitted when unknown, as HF does, rather than sent as null.

public sealed record HfUser(
    [property: JsonPropertyName("_id")] string? Id,
    [property: JsonPropertyName("avatarUrl")] string? AvatarUrl,
    [property: JsonPropertyName("fullname")] string? Fullname,
    // Handle: "user" in author and submittedOnDailyBy objects, "name" in the top-level submittedBy.
    [property: JsonPropertyName("user")] string? User,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("isPro")] bool IsPro,
    [property: JsonPropertyName("type")] string Type = "user");

public sealed record HfOrganization(
    [property: JsonPropertyName("_id")] string? Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("fullname")] string? Fullname,
    [property: JsonPropertyName("avatar")] string? Avatar);

public sealed record HfAuthor(
    [property: JsonPropertyName("_id")] string? Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("hidden")] bool Hidden,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("statusLastChangedAt")] string? StatusLastChangedAt,
    [property: JsonPropertyName("user")] HfUser? User);

/// <summary>The paper object: nested in a daily item, or flat (plus <see cref="NumComments"/>) from /api/papers/{id}.</summary>
public sealed record HfPaper
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("authors")] public required IReadOnlyList<HfAuthor> Authors { get; init; }
    [JsonPropertyName("publishedAt")] public string? PublishedAt { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("summary")] public required string Summary { get; init; }
    [JsonPropertyName("upvotes")] public int Upvotes { get; init; }
    [JsonPropertyName("discussionId")] public string? DiscussionId { get; init; }
    [JsonPropertyName("submittedOnDailyAt")] public string? SubmittedOnDailyAt { get; init; }
    [JsonPropertyName("submittedOnDailyBy")] public HfUser? SubmittedOnDailyBy { get; init; }
    [JsonPropertyName("ai_summary")] public string? AiSummary { get; init; }
    [JsonPropertyName("ai_keywords")] public IReadOnlyList<string>? AiKeywords { get; init; }
    [JsonPropertyName("githubRepo")] public string? GithubRepo { get; init; }
    [JsonPropertyName("githubStars")] public int? GithubStars { get; init; }
    [JsonPropertyName("projectPage")] public string? ProjectPage { get; init; }
    [JsonPropertyName("mediaUrls")] public IReadOnlyList<string>? MediaUrls { get; init; }
    [JsonPropertyName("withdrawnAt")] public string? WithdrawnAt { get; init; }
    [JsonPropertyName("organization")] public HfOrganization? Organization { get; init; }
    /// <summary>Only in the flat form (GET /api/papers/{id}); a daily item carries it at the top level.</summary>
    [JsonPropertyName("numComments")] public int? NumComments { get; init; }
}

public sealed record HfDailyItem
{
    [JsonPropertyName("paper")] public required HfPaper Paper { get; init; }
    [JsonPropertyName("publishedAt")] public required string PublishedAt { get; init; }
    [JsonPropertyName("title")] public required string Title { get; init; }
    [JsonPropertyName("summary")] public required string Summary { get; init; }
    [JsonPropertyName("thumbnail")] public string? Thumbnail { get; init; }
    [JsonPropertyName("mediaUrls")] public IReadOnlyList<string>? MediaUrls { get; init; }
    [JsonPropertyName("numComments")] public int NumComments { get; init; }
    [JsonPropertyName("submittedBy")] public HfUser? SubmittedBy { get; init; }
    [JsonPropertyName("organization")] public HfOrganization? Organization { get; init; }
    [JsonPropertyName("isAuthorParticipating")] public bool? IsAuthorParticipating { get; init; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<HfDailyItem>))]
[JsonSerializable(typeof(List<HfPaper>))]
[JsonSerializable(typeof(HfPaper))]
public sealed partial class HfJsonContext : JsonSerializerContext
{
    /// <summary>Keeps quotes and non-ASCII readable (\u0022 is valid but ugly); the API is JSON, never inlined into HTML.</summary>
    public static HfJsonContext Api { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary>Maps stored papers and feed entries to the HF shapes.</summary>
public static class HfMap
{
    public static string? Ts(DateTimeOffset? t) => SqlTime.Ts(t);

    /// <summary>The HF top-level publishedAt of a daily item: when it was submitted to the feed.</summary>
    public static string SubmittedTs(DailyEntry e) =>
        SqlTime.Ts(e.SubmittedAt) ?? SqlTime.Date(e.FeedDate) + "T00:00:00.000Z";

    public static HfDailyItem DailyItem(FeedItem item)
    {
        var (view, entry) = (item.Paper, item.Entry);
        var p = view.Paper;
        var org = Org(entry.Organization ?? p.Organization);
        return new HfDailyItem
        {
            Paper = PaperObject(view, entry, flat: false),
            PublishedAt = SubmittedTs(entry),
            Title = entry.Title ?? PaperText.CollapseWhitespace(p.Title),
            Summary = p.Abstract,
            Thumbnail = p.Thumbnail,
            MediaUrls = p.MediaUrls.Count > 0 ? p.MediaUrls : null,
            NumComments = view.NumComments,
            SubmittedBy = entry.SubmittedBy is { } u ? User(u, handleAsName: true) : null,
            Organization = org,
            IsAuthorParticipating = entry.IsAuthorParticipating,
        };
    }

    /// <summary>The paper object; <paramref name="entry"/> is the feed entry it came with (or its latest one).</summary>
    public static HfPaper PaperObject(PaperView view, DailyEntry? entry, bool flat)
    {
        var p = view.Paper;
        return new HfPaper
        {
            Id = p.ArxivId,
            Authors = p.Authors.Select(Author).ToList(),
            PublishedAt = Ts(p.PublishedAt),
            Title = p.Title,
            Summary = p.Abstract,
            Upvotes = view.Upvotes,
            DiscussionId = p.DiscussionId,
            SubmittedOnDailyAt = entry is null ? null : SubmittedTs(entry),
            SubmittedOnDailyBy = entry?.SubmittedBy is { } u ? User(u, handleAsName: false) : null,
            AiSummary = p.AiSummary,
            AiKeywords = p.AiKeywords.Count > 0 ? p.AiKeywords : null,
            GithubRepo = WebLink.HttpOrNull(p.GithubRepo), // clients render these as links; older rows may hold other schemes
            GithubStars = p.GithubStars,
            ProjectPage = WebLink.HttpOrNull(p.ProjectPage),
            MediaUrls = flat && p.MediaUrls.Count > 0 ? p.MediaUrls : null,
            WithdrawnAt = Ts(p.WithdrawnAt),
            Organization = Org(p.Organization ?? entry?.Organization),
            NumComments = flat ? view.NumComments : null,
        };
    }

    public static HfAuthor Author(PaperAuthor a) => new(
        a.HfId, a.Name, a.Hidden, a.Status, Ts(a.StatusChangedAt), a.User is { } u ? User(u, handleAsName: false) : null);

    public static HfUser User(UserRef u, bool handleAsName) => handleAsName
        ? new HfUser(u.HfId, u.AvatarUrl, u.FullName ?? u.Handle, null, u.Handle, u.IsPro)
        : new HfUser(u.HfId, u.AvatarUrl, u.FullName ?? u.Handle, u.Handle, null, u.IsPro);

    public static HfOrganization? Org(OrganizationRef? o) =>
        o is null ? null : new HfOrganization(o.HfId, o.Name, o.FullName, o.AvatarUrl);
}
