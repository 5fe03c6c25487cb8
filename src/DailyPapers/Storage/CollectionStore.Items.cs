using Dapper;
using DailyPapers.Community;

namespace DailyPapers.Storage;

public sealed partial class CollectionStore
{
    /// <summary>The items in collection order (position, then time added).</summary>
    public async Task<IReadOnlyList<CollectionItem>> ItemsAsync(long collectionId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<ItemRow>("""
            SELECT i.paper_id, p.arxiv_id, p.title, i.position, i.note, i.added_at
            FROM collection_items i JOIN papers p ON p.id = i.paper_id
            WHERE i.collection_id = @collectionId ORDER BY i.position, i.added_at, i.paper_id
            """, new { collectionId });
        return rows.Select(r => r.ToItem()).ToList();
    }

    /// <summary>Appends the paper (idempotent: a paper already there keeps its place and note).</summary>
    public async Task<AddItemOutcome> AddItemAsync(long collectionId, long paperId, string note, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await c.ExecuteScalarAsync<long?>($"SELECT id FROM collections WHERE id = @collectionId{db.Dialect.ForUpdate}", new { collectionId }, tx) is null)
            return AddItemOutcome.NoSuchCollection;
        var (count, last, has) = await c.QuerySingleAsync<(long, long, long)>("""
            SELECT COUNT(*), CAST(COALESCE(MAX(position), -1) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN paper_id = @paperId THEN 1 ELSE 0 END), 0) AS BIGINT)
            FROM collection_items WHERE collection_id = @collectionId
            """, new { collectionId, paperId }, tx);
        if (has > 0) return AddItemOutcome.AlreadyThere;
        if (count >= CollectionRules.MaxItems) return AddItemOutcome.Full;
        var now = Now;
        await c.ExecuteAsync("""
            INSERT INTO collection_items (collection_id, paper_id, position, note, added_at) VALUES (@collectionId, @paperId, @position, @note, @now)
            ON CONFLICT DO NOTHING
            """, new { collectionId, paperId, position = (int)(last + 1), note, now }, tx);
        await Touch(c, tx, collectionId, now);
        await tx.CommitAsync(ct);
        return AddItemOutcome.Added;
    }

    public async Task<bool> RemoveItemAsync(long collectionId, long paperId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var removed = await c.ExecuteAsync("DELETE FROM collection_items WHERE collection_id = @collectionId AND paper_id = @paperId", new { collectionId, paperId }, tx) > 0;
        if (removed) await Touch(c, tx, collectionId, Now);
        await tx.CommitAsync(ct);
        return removed;
    }

    public async Task<bool> SetNoteAsync(long collectionId, long paperId, string note, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var changed = await c.ExecuteAsync("UPDATE collection_items SET note = @note WHERE collection_id = @collectionId AND paper_id = @paperId",
            new { collectionId, paperId, note }, tx) > 0;
        if (changed) await Touch(c, tx, collectionId, Now);
        await tx.CommitAsync(ct);
        return changed;
    }

    /// <summary>
    /// Moves the paper to index <paramref name="toIndex"/> (0-based, clamped) and renumbers the collection 0..n-1,
    /// writing only the rows whose position changed. False when the paper is not in the collection.
    /// </summary>
    public async Task<bool> MoveItemAsync(long collectionId, long paperId, int toIndex, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync($"SELECT id FROM collections WHERE id = @collectionId{db.Dialect.ForUpdate}", new { collectionId }, tx);
        var rows = (await c.QueryAsync<(long PaperId, long Position)>(
            "SELECT paper_id, CAST(position AS BIGINT) FROM collection_items WHERE collection_id = @collectionId ORDER BY position, added_at, paper_id",
            new { collectionId }, tx)).ToList();
        var from = rows.FindIndex(r => r.PaperId == paperId);
        if (from < 0) return false;
        var moving = rows[from];
        rows.RemoveAt(from);
        rows.Insert(Math.Clamp(toIndex, 0, rows.Count), moving);
        for (var i = 0; i < rows.Count; i++)
            if (rows[i].Position != i)
                await c.ExecuteAsync("UPDATE collection_items SET position = @i WHERE collection_id = @collectionId AND paper_id = @paperId",
                    new { i, collectionId, paperId = rows[i].PaperId }, tx);
        await Touch(c, tx, collectionId, Now);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>
    /// (collection, paper) pairs of the owner's collections, at most <paramref name="limit"/> (the caller asks for
    /// one more than it wants to know whether there are more). Drawing cards uses this to mark what is saved.
    /// </summary>
    public async Task<IReadOnlyList<(long CollectionId, long PaperId)>> MembershipsAsync(long ownerId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<(long, long)>("""
            SELECT i.collection_id, i.paper_id FROM collection_items i JOIN collections c ON c.id = i.collection_id
            WHERE c.user_id = @ownerId LIMIT @limit
            """, new { ownerId, limit })).AsList();
    }

    /// <summary>Which of the owner's collections hold the paper.</summary>
    public async Task<IReadOnlyList<long>> CollectionsHoldingAsync(long ownerId, long paperId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<long>("""
            SELECT i.collection_id FROM collection_items i JOIN collections c ON c.id = i.collection_id
            WHERE c.user_id = @ownerId AND i.paper_id = @paperId
            """, new { ownerId, paperId })).AsList();
    }

    private sealed class ItemRow
    {
        public long PaperId { get; set; }
        public string ArxivId { get; set; } = "";
        public string Title { get; set; } = "";
        public int Position { get; set; }
        public string Note { get; set; } = "";
        public string AddedAt { get; set; } = "";

        public CollectionItem ToItem() => new(PaperId, ArxivId, Title, Position, Note, SqlTime.ParseTs(AddedAt) ?? default);
    }
}
