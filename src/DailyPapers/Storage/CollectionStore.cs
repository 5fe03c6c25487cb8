using System.Data.Common;
using DailyPapers.Community;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>A collection with its owner's handle and how many papers it holds.</summary>
public sealed record Collection(long Id, long OwnerId, string OwnerHandle, string Slug, string Title, string Description,
    bool IsPrivate, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int ItemCount);

/// <summary>One paper in a collection, in collection order.</summary>
public sealed record CollectionItem(long PaperId, string ArxivId, string Title, int Position, string Note, DateTimeOffset AddedAt);

public enum CreateCollectionOutcome { Created, TooMany }
public enum AddItemOutcome { Added, AlreadyThere, Full, NoSuchCollection }

/// <summary>
/// Collections and their items (tables collections, collection_items). Writes that check a limit or pick a
/// position lock the owning row first (the user for a new collection, the collection for a new item), so two
/// nodes adding at once cannot pass a limit or take the same slug. Items are read in the partial
/// <c>CollectionStore.Items.cs</c>; the per-user data export is <see cref="UserDataExport"/>.
/// </summary>
public sealed partial class CollectionStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    static CollectionStore() => DapperSetup.Init();

    private string Now => SqlTime.Ts(_clock.GetUtcNow())!;

    private const string Select = """
        SELECT c.id, c.user_id, u.handle AS owner_handle, c.slug, c.title, c.description, c.is_private, c.created_at, c.updated_at,
               (SELECT COUNT(*) FROM collection_items i WHERE i.collection_id = c.id) AS item_count
        FROM collections c JOIN users u ON u.id = c.user_id
        """;

    /// <summary>Creates a collection with a slug made from the title, unique among the owner's collections.</summary>
    public async Task<(CreateCollectionOutcome Outcome, Collection? Collection)> CreateAsync(long ownerId, string title, string description, bool isPrivate,
        CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync($"SELECT id FROM users WHERE id = @ownerId{db.Dialect.ForUpdate}", new { ownerId }, tx);
        var slugs = (await c.QueryAsync<string>("SELECT slug FROM collections WHERE user_id = @ownerId", new { ownerId }, tx)).ToHashSet(StringComparer.Ordinal);
        if (slugs.Count >= CollectionRules.MaxCollectionsPerUser) return (CreateCollectionOutcome.TooMany, null);
        var baseSlug = CollectionRules.Slug(title);
        var slug = baseSlug;
        for (var n = 2; slugs.Contains(slug); n++) slug = $"{baseSlug}-{n}";
        var now = Now;
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO collections (user_id, slug, title, description, is_private, created_at, updated_at)
            VALUES (@ownerId, @slug, @title, @description, @isPrivate, @now, @now) RETURNING id
            """, new { ownerId, slug, title, description, isPrivate, now }, tx);
        await tx.CommitAsync(ct);
        return (CreateCollectionOutcome.Created, await GetAsync(id, ct));
    }

    public async Task<Collection?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<CollectionRow>($"{Select} WHERE c.id = @id", new { id })).FirstOrDefault()?.ToCollection();
    }

    /// <summary>By owner handle (case-insensitive, as profiles are) and slug; null for deleted owners.</summary>
    public async Task<Collection?> FindAsync(string ownerHandle, string slug, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<CollectionRow>($"{Select} WHERE LOWER(u.handle) = LOWER(@ownerHandle) AND u.deleted_at IS NULL AND c.slug = @slug",
            new { ownerHandle, slug })).FirstOrDefault()?.ToCollection();
    }

    /// <summary>The owner's collections, most recently changed first; private ones only when asked.</summary>
    public async Task<IReadOnlyList<Collection>> ListByOwnerAsync(long ownerId, bool includePrivate, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<CollectionRow>(
            $"{Select} WHERE c.user_id = @ownerId AND (@includePrivate OR c.is_private = @no) ORDER BY c.updated_at DESC, c.id DESC",
            new { ownerId, includePrivate, no = false });
        return rows.Select(r => r.ToCollection()).ToList();
    }

    /// <summary>
    /// Public, non-empty collections of current accounts, most recently changed first (the /collections browse list);
    /// private ones never, whoever asks.
    /// </summary>
    public async Task<(IReadOnlyList<Collection> Page, int Total)> ListPublicAsync(int offset, int limit, CancellationToken ct = default)
    {
        const string Where = """
            WHERE c.is_private = @no AND u.deleted_at IS NULL
              AND EXISTS (SELECT 1 FROM collection_items i WHERE i.collection_id = c.id)
            """;
        await using var c = await db.OpenAsync(ct);
        var total = await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM collections c JOIN users u ON u.id = c.user_id {Where}", new { no = false });
        var rows = await c.QueryAsync<CollectionRow>($"{Select} {Where} ORDER BY c.updated_at DESC, c.id DESC LIMIT @limit OFFSET @offset",
            new { no = false, limit, offset });
        return (rows.Select(r => r.ToCollection()).ToList(), total);
    }

    /// <summary>Changes title, description and visibility (the slug stays, so links keep working). False if gone.</summary>
    public async Task<bool> UpdateAsync(long id, string title, string description, bool isPrivate, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE collections SET title = @title, description = @description, is_private = @isPrivate, updated_at = @now WHERE id = @id",
            new { id, title, description, isPrivate, now = Now }) > 0;
    }

    /// <summary>Deletes the collection and its items (ON DELETE CASCADE, also on SQLite: foreign_keys=ON).</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM collections WHERE id = @id", new { id }) > 0;
    }

    private static Task Touch(DbConnection c, DbTransaction tx, long id, string now) =>
        c.ExecuteAsync("UPDATE collections SET updated_at = @now WHERE id = @id", new { id, now }, tx);

    private sealed class CollectionRow
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string OwnerHandle { get; set; } = "";
        public string Slug { get; set; } = "";
        public string Title { get; set; } = "";
        public string Description { get; set; } = "";
        public bool IsPrivate { get; set; }
        public string CreatedAt { get; set; } = "";
        public string UpdatedAt { get; set; } = "";
        public long ItemCount { get; set; }

        public Collection ToCollection() => new(Id, UserId, OwnerHandle, Slug, Title, Description, IsPrivate,
            SqlTime.ParseTs(CreatedAt) ?? default, SqlTime.ParseTs(UpdatedAt) ?? default, (int)ItemCount);
    }
}
