using System.Text.Json.Serialization;

namespace DailyPapers.Digests;

/// <summary>A paper as a digest shows it, snapshotted when the period is built so every mail of a period agrees.</summary>
public sealed record DigestPaper(
    long Id, string ArxivId, string Title, string Teaser, string Authors, string? Organization, int Upvotes, string? GithubRepo)
{
    /// <summary>Kept for alert matching: every author name and the full abstract.</summary>
    public IReadOnlyList<string> AuthorNames { get; init; } = [];
    public IReadOnlyList<string> AuthorHandles { get; init; } = [];
    public string Abstract { get; init; } = "";
    /// <summary>The organisation's handle (what organisation alerts name), besides its display name.</summary>
    public string? OrganizationName { get; init; }
}

/// <summary>The papers of one alert that were featured in the period.</summary>
public sealed record AlertMatch(string Alert, IReadOnlyList<string> ArxivIds);

public enum AlertKind { Search, Organization, Author }

public enum AlertDelivery { Digest, Own }

/// <summary>A signed-in user's alert: a saved search (JSON of <see cref="Search.SearchQuery"/> fields), an organisation or an author.</summary>
public sealed record DigestAlert(long Id, long UserId, AlertKind Kind, string Value, AlertDelivery Delivery)
{
    public string Describe() => Kind switch
    {
        AlertKind.Organization => $"papers from {Value}",
        AlertKind.Author => $"papers by {Value}",
        _ => AlertQuery.Describe(Value),
    };
}

[JsonSerializable(typeof(List<DigestPaper>))]
[JsonSerializable(typeof(List<AlertMatch>))]
[JsonSerializable(typeof(Search.SearchQuery))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
internal sealed partial class DigestJson : JsonSerializerContext;
