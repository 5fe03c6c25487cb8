using System.Runtime.InteropServices;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>
/// Sentence-embedding vectors per (paper, model), stored as little-endian float32 blobs so every node shares
/// one computation. Rows are rewritten (delete + insert) so their id always grows: nodes follow by id.
/// </summary>
public sealed class EmbeddingStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    static EmbeddingStore() => DapperSetup.Init();

    public sealed record Pending(long PaperId, string Title, string Abstract);
    public sealed record Stored(long Id, long PaperId, float[] Vector);

    /// <summary>Papers without a vector for <paramref name="model"/>, oldest id first (what an embedding job does next).</summary>
    public async Task<IReadOnlyList<Pending>> GetMissingAsync(string model, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Pending>("""
            SELECT p.id AS paper_id, p.title, p.abstract FROM papers p
            WHERE NOT EXISTS (SELECT 1 FROM paper_embeddings e WHERE e.paper_id = p.id AND e.model = @model)
            ORDER BY p.id LIMIT @limit
            """, new { model, limit })).AsList();
    }

    public async Task<long> CountMissingAsync(string model, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM papers p WHERE NOT EXISTS (SELECT 1 FROM paper_embeddings e WHERE e.paper_id = p.id AND e.model = @model)", new { model });
    }

    /// <summary>Change seqs below the saved mark that each <see cref="DropStaleAsync"/> checks again.</summary>
    public const long StaleRescanSeqs = 5_000;

    /// <summary>
    /// Follows <c>paper_changes</c> from this model's mark (in app_state) and deletes the vectors of papers whose
    /// text no longer matches the hash the vector was made from, so they count as missing and are embedded again.
    /// Vote-only changes keep their vectors. Returns the number of vectors dropped.
    /// </summary>
    public async Task<int> DropStaleAsync(string model, int batch = 5000, CancellationToken ct = default)
    {
        var key = "embeddings_seq:" + model;
        var dropped = 0;
        await using var c = await db.OpenAsync(ct);
        var mark = long.TryParse(await c.ExecuteScalarAsync<string?>("SELECT value FROM app_state WHERE key = @key", new { key }),
            System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
        // On PostgreSQL a change can commit after changes with higher seqs (concurrent writers), i.e. after the mark
        // passed it. Re-checking a trailing window of seqs each run catches those; re-checking is harmless (a vector
        // already dropped is no longer joined).
        var after = Math.Max(0, mark - StaleRescanSeqs);
        while (true)
        {
            var last = await c.ExecuteScalarAsync<long?>(
                "SELECT MAX(seq) FROM (SELECT seq FROM paper_changes WHERE seq > @after ORDER BY seq LIMIT @batch) s", new { after, batch });
            if (last is null) break;
            var rows = await c.QueryAsync<(long PaperId, string Title, string Abstract, string? Hash)>("""
                SELECT DISTINCT p.id, p.title, p.abstract, e.text_hash FROM paper_changes ch
                JOIN papers p ON p.id = ch.paper_id
                JOIN paper_embeddings e ON e.paper_id = p.id AND e.model = @model
                WHERE ch.seq > @after AND ch.seq <= @last
                """, new { model, after, last });
            // NULL: a vector from before hashes were kept; assume it is current rather than recompute everything.
            var stale = rows.Where(r => r.Hash is not null && r.Hash != TextHash(r.Title, r.Abstract)).Select(r => r.PaperId).ToList();
            await using var tx = await c.BeginTransactionAsync(ct);
            foreach (var paperId in stale)
                await c.ExecuteAsync("DELETE FROM paper_embeddings WHERE paper_id = @paperId AND model = @model", new { paperId, model }, tx);
            await c.ExecuteAsync("""
                INSERT INTO app_state (key, value, updated_at) VALUES (@key, @value, @now)
                ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
                """, new { key, value = last.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), now = SqlTime.Ts(_clock.GetUtcNow()) }, tx);
            await tx.CommitAsync(ct);
            dropped += stale.Count;
            after = last.Value;
        }
        return dropped;
    }

    /// <summary>Hash of the text a vector is made from (title and abstract), 128 bits in hex.</summary>
    public static string TextHash(string title, string @abstract) =>
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(title + "\n" + @abstract)).AsSpan(0, 16));

    /// <summary>Stores vectors in one transaction (replacing older ones of the same model), with the hash of their text.</summary>
    public Task SaveAsync(string model, IReadOnlyList<(Pending Paper, float[] Vector)> vectors, CancellationToken ct = default) =>
        SaveAsync(model, vectors.Select(x => (x.Paper.PaperId, x.Vector, (string?)TextHash(x.Paper.Title, x.Paper.Abstract))).ToList(), ct);

    /// <summary>Stores vectors in one transaction (replacing older ones of the same model).</summary>
    public async Task SaveAsync(string model, IReadOnlyList<(long PaperId, float[] Vector, string? TextHash)> vectors, CancellationToken ct = default)
    {
        if (vectors.Count == 0) return;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = SqlTime.Ts(_clock.GetUtcNow());
        foreach (var (paperId, v, hash) in vectors)
        {
            await c.ExecuteAsync("DELETE FROM paper_embeddings WHERE paper_id = @paperId AND model = @model", new { paperId, model }, tx);
            // A paper deleted meanwhile is skipped rather than failing the batch.
            await c.ExecuteAsync("""
                INSERT INTO paper_embeddings (paper_id, model, dims, vector, created_at, text_hash)
                SELECT @paperId, @model, @dims, @vector, @now, @hash WHERE EXISTS (SELECT 1 FROM papers WHERE id = @paperId)
                """, new { paperId, model, dims = v.Length, vector = ToBytes(v), now, hash }, tx);
        }
        await tx.CommitAsync(ct);
    }

    /// <summary>Vectors of <paramref name="model"/> written after row <paramref name="afterId"/>, in id order.</summary>
    public async Task<IReadOnlyList<Stored>> ReadAfterAsync(string model, long afterId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long Id, long PaperId, byte[] Vector)>(
            "SELECT id, paper_id, vector FROM paper_embeddings WHERE model = @model AND id > @afterId ORDER BY id LIMIT @limit",
            new { model, afterId, limit });
        return rows.Select(r => new Stored(r.Id, r.PaperId, FromBytes(r.Vector))).ToList();
    }

    /// <summary>
    /// Rows of every model after row <paramref name="afterId"/> in id order, with the vector only for
    /// <paramref name="model"/>: a reader needs the other models' ids to tell a hole that may still fill (a
    /// transaction not yet committed) from ids simply taken by another model.
    /// </summary>
    public async Task<IReadOnlyList<(long Id, long PaperId, float[]? Vector)>> ReadLogAfterAsync(string model, long afterId, int limit, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long Id, long PaperId, byte[]? Vector)>(
            "SELECT id, paper_id, CASE WHEN model = @model THEN vector END FROM paper_embeddings WHERE id > @afterId ORDER BY id LIMIT @limit",
            new { model, afterId, limit });
        return rows.Select(r => (r.Id, r.PaperId, r.Vector is null ? null : FromBytes(r.Vector))).ToList();
    }

    public static byte[] ToBytes(float[] v)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("vector blobs are little-endian float32");
        return MemoryMarshal.AsBytes(v.AsSpan()).ToArray();
    }

    public static float[] FromBytes(byte[] b) => MemoryMarshal.Cast<byte, float>(b.AsSpan()).ToArray();
}
