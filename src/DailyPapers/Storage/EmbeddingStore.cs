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

    /// <summary>Stores vectors in one transaction (replacing older ones of the same model).</summary>
    public async Task SaveAsync(string model, IReadOnlyList<(long PaperId, float[] Vector)> vectors, CancellationToken ct = default)
    {
        if (vectors.Count == 0) return;
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = SqlTime.Ts(_clock.GetUtcNow());
        foreach (var (paperId, v) in vectors)
        {
            await c.ExecuteAsync("DELETE FROM paper_embeddings WHERE paper_id = @paperId AND model = @model", new { paperId, model }, tx);
            // A paper deleted meanwhile is skipped rather than failing the batch.
            await c.ExecuteAsync("""
                INSERT INTO paper_embeddings (paper_id, model, dims, vector, created_at)
                SELECT @paperId, @model, @dims, @vector, @now WHERE EXISTS (SELECT 1 FROM papers WHERE id = @paperId)
                """, new { paperId, model, dims = v.Length, vector = ToBytes(v), now }, tx);
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

    public static byte[] ToBytes(float[] v)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("vector blobs are little-endian float32");
        return MemoryMarshal.AsBytes(v.AsSpan()).ToArray();
    }

    public static float[] FromBytes(byte[] b) => MemoryMarshal.Cast<byte, float>(b.AsSpan()).ToArray();
}
