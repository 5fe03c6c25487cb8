using DailyPapers.Digests;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>An outbox row to write: one mail of one period for one subscriber.</summary>
public sealed record OutboxEntry(long SubscriberId, string Period, string Kind, string MessageId, string? AlertMatches);

/// <summary>A due outbox row with what the sender needs.</summary>
public sealed class OutboxRow
{
    public long Id { get; set; }
    /// <summary>The digest reader; 0 for mail without a subscriber (account mail, notifications).</summary>
    public long SubscriberId { get; set; }
    public string Period { get; set; } = "";
    public string Kind { get; set; } = "digest";
    public int Priority { get; set; }
    public string MessageId { get; set; } = "";
    public string? AlertMatches { get; set; }
    public int Attempts { get; set; }
    /// <summary>Where it goes: the row's recipient, else the subscriber's address.</summary>
    public string Email { get; set; } = "";
    /// <summary>The rendered mail; null for digests and alerts (built from their issue when sent).</summary>
    public string? Subject { get; set; }
    public string? Body { get; set; }
    public string? BodyHtml { get; set; }
}

/// <summary>A period's issue: every paper featured in it (trending first) and how many the top section shows.</summary>
public sealed class IssueRow
{
    public string Period { get; set; } = "";
    public string Papers { get; set; } = "[]";
    public int TopCount { get; set; }
    public string? CompletedAt { get; set; }
}

public sealed partial class DigestStore
{
    /// <summary>Creates the period's issue unless it exists (a resumed build keeps the first snapshot); returns the stored one.</summary>
    public async Task<IssueRow> CreateIssueAsync(DigestPeriod period, string papersJson, int topCount, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("""
            INSERT INTO digest_issues (period, feed_from, feed_to, papers, top_count, created_at)
            VALUES (@key, @from, @to, @papersJson, @topCount, @now) ON CONFLICT (period) DO NOTHING
            """, new { key = period.Key, from = SqlTime.Date(period.From), to = SqlTime.Date(period.To), papersJson, topCount, now = SqlTime.Ts(_clock.GetUtcNow()) });
        return (await GetIssueAsync(period.Key, ct))!;
    }

    public async Task<IssueRow?> GetIssueAsync(string periodKey, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<IssueRow>("SELECT period, papers, top_count, completed_at FROM digest_issues WHERE period = @periodKey", new { periodKey });
    }

    public async Task CompleteIssueAsync(string periodKey, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE digest_issues SET completed_at = @now WHERE period = @periodKey AND completed_at IS NULL",
            new { periodKey, now = SqlTime.Ts(_clock.GetUtcNow()) });
    }

    /// <summary>
    /// Writes a batch of outbox rows in one transaction. A row that exists for (subscriber, period, kind) is skipped,
    /// so a re-run or a resumed build never makes a second mail. Returns how many were new.
    /// </summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<OutboxEntry> entries, CancellationToken ct = default)
    {
        if (entries.Count == 0) return 0;
        var now = SqlTime.Ts(_clock.GetUtcNow());
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var n = await c.ExecuteAsync("""
            INSERT INTO digest_outbox (subscriber_id, period, kind, message_id, alert_matches, status, attempts, next_attempt_at, created_at)
            VALUES (@SubscriberId, @Period, @Kind, @MessageId, @AlertMatches, 'queued', 0, @now, @now)
            ON CONFLICT (subscriber_id, period, kind) DO NOTHING
            """, entries.Select(e => new { e.SubscriberId, e.Period, e.Kind, e.MessageId, e.AlertMatches, now }), tx);
        await tx.CommitAsync(ct);
        return n;
    }

    /// <summary>The highest subscriber id with a row for the period: a resumed build starts after it.</summary>
    public async Task<long> BuiltUpToAsync(string periodKey, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long?>("SELECT MAX(subscriber_id) FROM digest_outbox WHERE period = @periodKey", new { periodKey }) ?? 0;
    }

    /// <summary>Queued mail for readers who left (unsubscribed or bounced) since it was built is never sent.</summary>
    public async Task<int> DropUndeliverableAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("""
            UPDATE digest_outbox SET status = 'dropped'
            WHERE status = 'queued' AND subscriber_id IN (SELECT id FROM digest_subscribers WHERE status <> 'confirmed')
            """);
    }

    /// <summary>
    /// Queued rows due now, in id order after <paramref name="afterId"/> (keyset paging), optionally of one priority,
    /// period or address. Digest rows count only while their reader is subscribed; other rows carry their address.
    /// </summary>
    public async Task<IReadOnlyList<OutboxRow>> DueAsync(long afterId, int limit, string? periodKey = null, string? email = null,
        CancellationToken ct = default, int? priority = null)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<OutboxRow>($"""
            SELECT o.id, o.subscriber_id, o.period, o.kind, o.priority, o.message_id, o.alert_matches, o.attempts,
                   COALESCE(o.recipient, s.email) AS email, o.subject, o.body, o.body_html
            FROM digest_outbox o LEFT JOIN digest_subscribers s ON s.id = o.subscriber_id
            WHERE o.status = 'queued' AND o.next_attempt_at <= @now AND o.id > @afterId
              AND (o.subscriber_id IS NULL OR s.status = 'confirmed')
              {(priority is null ? "" : "AND o.priority = @priority")}
              {(periodKey is null ? "" : "AND o.period = @periodKey")} {(email is null ? "" : "AND COALESCE(o.recipient, s.email) = @email")}
            ORDER BY o.id LIMIT @limit
            """, new { now = SqlTime.Ts(_clock.GetUtcNow()), afterId, limit, periodKey, email, priority })).AsList();
    }

    /// <summary>The server accepted the mail: its own short statement, right away, so a crash re-sends at most this one.</summary>
    public async Task MarkSentAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE digest_outbox SET status = 'sent', sent_at = @now, attempts = attempts + 1, last_error = NULL WHERE id = @id AND status = 'queued'",
            new { id, now = SqlTime.Ts(_clock.GetUtcNow()) });
    }

    /// <summary>A temporary failure: try again at <paramref name="next"/>, or give the mail up after the last attempt.</summary>
    public async Task MarkRetryAsync(long id, DateTimeOffset? next, string error, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("""
            UPDATE digest_outbox SET attempts = attempts + 1, last_error = @error,
                status = CASE WHEN @giveUp THEN 'failed' ELSE status END,
                next_attempt_at = CASE WHEN @giveUp THEN next_attempt_at ELSE @next END
            WHERE id = @id AND status = 'queued'
            """, new { id, giveUp = next is null, next = SqlTime.Ts(next), error = Cut(error) });
    }

    /// <summary>
    /// A permanent refusal (5xx): the mail fails, and a digest reader's address is marked bounced so nothing more
    /// is sent to it (<paramref name="subscriberId"/> 0: no subscriber, only the mail fails).
    /// </summary>
    public async Task MarkBouncedAsync(long id, long subscriberId, string error, CancellationToken ct = default)
    {
        var now = SqlTime.Ts(_clock.GetUtcNow());
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("UPDATE digest_outbox SET status = 'failed', attempts = attempts + 1, last_error = @error WHERE id = @id", new { id, error = Cut(error) }, tx);
        await c.ExecuteAsync("UPDATE digest_subscribers SET status = 'bounced', bounced_at = @now, bounce_reason = @error WHERE id = @subscriberId AND status <> 'unsubscribed'",
            new { subscriberId, now, error = Cut(error) }, tx);
        await tx.CommitAsync(ct);
    }

    /// <summary>Outbox rows by status (for one period, or all).</summary>
    public async Task<IReadOnlyDictionary<string, long>> OutboxCountsAsync(string? periodKey = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(string Status, long N)>(
            $"SELECT status, COUNT(*) FROM digest_outbox {(periodKey is null ? "" : "WHERE period = @periodKey")} GROUP BY status", new { periodKey });
        return rows.ToDictionary(r => r.Status, r => r.N);
    }

    private static string Cut(string s) => s.Length <= 500 ? s : s[..500];
}
