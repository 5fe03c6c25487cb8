using System.Text.Json.Serialization;
using DailyPapers.Storage;
using DailyPapers.Web.Api;

namespace DailyPapers.Web.Collections;

/// <summary>One paper of a collection in the API and the .json export.</summary>
public sealed record CollectionItemJson(string Paper, string Title, string Note, int Position, string AddedAt, string Url);

/// <summary>A collection in the API and the .json export; <see cref="Items"/> is left out of lists.</summary>
public sealed record CollectionJson(string Owner, string Slug, string Title, string Description, bool Private, int NumItems,
    string CreatedAt, string UpdatedAt, string Url, string BibtexUrl, IReadOnlyList<CollectionItemJson>? Items)
{
    public static CollectionJson From(Collection c, string site, IReadOnlyList<CollectionItem>? items) => new(
        c.OwnerHandle, c.Slug, c.Title, c.Description, c.IsPrivate, items?.Count ?? c.ItemCount,
        SqlTime.Ts(c.CreatedAt)!, SqlTime.Ts(c.UpdatedAt)!, site + CollectionAccess.Url(c), site + CollectionAccess.Url(c) + ".bib",
        items?.Select((i, n) => new CollectionItemJson(i.ArxivId, Api.SyndicationFeeds.Clean(Papers.PaperText.CollapseWhitespace(i.Title)), i.Note, n,
            SqlTime.Ts(i.AddedAt)!, $"{site}/papers/{i.ArxivId}")).ToList());
}

/// <summary>POST /api/collections.</summary>
public sealed record CreateCollectionRequest(string? Title, string? Description, bool? Private);

/// <summary>PATCH /api/collections/{owner}/{slug}: only the fields sent change.</summary>
public sealed record UpdateCollectionRequest(string? Title, string? Description, bool? Private);

/// <summary>POST /api/collections/{owner}/{slug}/items.</summary>
public sealed record AddItemRequest(string? Paper, string? Note);

/// <summary>PATCH /api/collections/{owner}/{slug}/items/{arxivId}: a new note and/or a new 0-based position.</summary>
public sealed record UpdateItemRequest(string? Note, int? Position);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = true)]
[JsonSerializable(typeof(CollectionJson))]
[JsonSerializable(typeof(List<CollectionJson>))]
[JsonSerializable(typeof(CreateCollectionRequest))]
[JsonSerializable(typeof(UpdateCollectionRequest))]
[JsonSerializable(typeof(AddItemRequest))]
[JsonSerializable(typeof(UpdateItemRequest))]
internal sealed partial class CollectionJsonContext : JsonSerializerContext;
