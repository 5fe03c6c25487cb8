using Dapper;

namespace DailyPapers.Storage;

/// <summary>How far a reader is behind an append-only log: rows after its position and when the oldest of them was written.</summary>
public sealed record LogLag(long Rows, DateTimeOffset? OldestAt)
{
    public static readonly LogLag None = new(0, null);
    /// <summary>Age of the oldest row not read yet at <paramref name="now"/>; zero when nothing is behind.</summary>
    public TimeSpan Age(DateTimeOffset now) => OldestAt is { } t && now > t ? now - t : TimeSpan.Zero;
}

/// <summary>The mail outbox as an operator watches it: mails waiting and when the oldest of them was queued.</summary>
public sealed record OutboxDepth(long Queued, DateTimeOffset? OldestQueuedAt);

/// <summary>
/// The reads behind /readyz and /metrics: a round trip, how far this node's indexes are behind the change and
/// embedding logs, the outbox. Each is one indexed query, cheap enough for a probe every few seconds.
/// </summary>
public sealed class OperationsStore(Database db)
{
    /// <summary>One round trip to the database (throws when it cannot be reached).</summary>
    public async Task PingAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct));
    }

    /// <summary>paper_changes after <paramref name="appliedSeq"/> (what this node's full-text index has not applied yet).</summary>
    public Task<LogLag> ChangeLagAsync(long appliedSeq, CancellationToken ct = default) => LagAsync("""
        SELECT (SELECT COUNT(*) FROM paper_changes WHERE seq > @after) AS behind,
               (SELECT changed_at FROM paper_changes WHERE seq > @after ORDER BY seq LIMIT 1) AS oldest
        """, appliedSeq, ct);

    /// <summary>paper_embeddings rows after <paramref name="loadedId"/> (what this node's vector indexes have not loaded yet).</summary>
    public Task<LogLag> EmbeddingLagAsync(long loadedId, CancellationToken ct = default) => LagAsync("""
        SELECT (SELECT COUNT(*) FROM paper_embeddings WHERE id > @after) AS behind,
               (SELECT created_at FROM paper_embeddings WHERE id > @after ORDER BY id LIMIT 1) AS oldest
        """, loadedId, ct);

    private async Task<LogLag> LagAsync(string sql, long after, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var (rows, oldest) = await c.QuerySingleAsync<(long, string?)>(new CommandDefinition(sql, new { after }, cancellationToken: ct));
        return rows == 0 ? LogLag.None : new LogLag(rows, SqlTime.ParseTs(oldest));
    }

    /// <summary>Mails queued in the outbox (due or waiting for a retry) and the creation time of the oldest.</summary>
    public async Task<OutboxDepth> OutboxAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var (queued, oldest) = await c.QuerySingleAsync<(long, string?)>(new CommandDefinition(
            "SELECT COUNT(*), MIN(created_at) FROM digest_outbox WHERE status = 'queued'", cancellationToken: ct));
        return new OutboxDepth(queued, SqlTime.ParseTs(oldest));
    }
}
