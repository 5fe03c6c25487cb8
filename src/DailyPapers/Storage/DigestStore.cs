using System.Security.Cryptography;
using DailyPapers.Digests;
using Dapper;

namespace DailyPapers.Storage;

public enum SubscriberStatus { Pending, Confirmed, Unsubscribed, Bounced }

public sealed class Subscriber
{
    public long Id { get; set; }
    public string Email { get; set; } = "";
    public string Cadence { get; set; } = "daily";
    public string Status { get; set; } = "pending";
    public long? UserId { get; set; }
    public string? ConfirmSentAt { get; set; }
    public string? BounceReason { get; set; }

    public Cadence CadenceValue => Cadence == "weekly" ? Digests.Cadence.Weekly : Digests.Cadence.Daily;
    public SubscriberStatus StatusValue => Enum.Parse<SubscriberStatus>(Status, ignoreCase: true);
}

/// <summary>
/// Subscribers and alerts of the email digests. The issues and the outbox are in <c>DigestStore.Outbox.cs</c>.
/// </summary>
public sealed partial class DigestStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    static DigestStore() => DapperSetup.Init();

    public Database Database => db;

    public static string Name(Cadence c) => c == Cadence.Weekly ? "weekly" : "daily";

    private const string SubscriberColumns = "id, email, cadence, status, user_id, confirm_sent_at, bounce_reason";

    /// <summary>
    /// Records a subscription request for a normalised address. A confirmed subscriber is left as is (and gets no
    /// mail, so the form cannot be used to pester readers); anyone else becomes pending with the new cadence.
    /// Returns whether a confirmation mail should go out now: not more often than <paramref name="resendAfter"/>.
    /// </summary>
    public async Task<(Subscriber Subscriber, bool SendConfirmation)> SubscribeAsync(string email, Cadence cadence, TimeSpan resendAfter, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("""
            INSERT INTO digest_subscribers (email, cadence, status, created_at) VALUES (@email, @cadence, 'pending', @now)
            ON CONFLICT (email) DO NOTHING
            """, new { email, cadence = Name(cadence), now = SqlTime.Ts(now) }, tx);
        var s = await c.QuerySingleAsync<Subscriber>($"SELECT {SubscriberColumns} FROM digest_subscribers WHERE email = @email{db.Dialect.ForUpdate}", new { email }, tx);
        if (s.Status == "confirmed") { await tx.CommitAsync(ct); return (s, false); }
        var send = SqlTime.ParseTs(s.ConfirmSentAt) is not { } sent || now - sent >= resendAfter;
        await c.ExecuteAsync("""
            UPDATE digest_subscribers SET status = 'pending', cadence = @cadence,
                confirm_sent_at = CASE WHEN @send THEN @now ELSE confirm_sent_at END
            WHERE id = @id
            """, new { id = s.Id, cadence = Name(cadence), send, now = SqlTime.Ts(now) }, tx);
        await tx.CommitAsync(ct);
        s.Status = "pending";
        s.Cadence = Name(cadence);
        return (s, send);
    }

    /// <summary>Confirms a pending subscriber; other states are returned unchanged (an old link cannot re-subscribe).</summary>
    public async Task<Subscriber?> ConfirmAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE digest_subscribers SET status = 'confirmed', confirmed_at = @now WHERE id = @id AND status = 'pending'",
            new { id, now = SqlTime.Ts(_clock.GetUtcNow()) });
        return await GetAsync(c, id);
    }

    public async Task<Subscriber?> UnsubscribeAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE digest_subscribers SET status = 'unsubscribed', unsubscribed_at = @now WHERE id = @id AND status IN ('pending', 'confirmed')",
            new { id, now = SqlTime.Ts(_clock.GetUtcNow()) });
        return await GetAsync(c, id);
    }

    public async Task<Subscriber?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await GetAsync(c, id);
    }

    public async Task<Subscriber?> FindAsync(string normalizedEmail, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Subscriber>($"SELECT {SubscriberColumns} FROM digest_subscribers WHERE email = @email", new { email = normalizedEmail });
    }

    private static Task<Subscriber?> GetAsync(System.Data.Common.DbConnection c, long id) =>
        c.QuerySingleOrDefaultAsync<Subscriber>($"SELECT {SubscriberColumns} FROM digest_subscribers WHERE id = @id", new { id });

    /// <summary>
    /// Adds already-confirmed subscribers (moving a list from another provider; benchmarks and tests), in one
    /// transaction per batch; existing addresses are left alone. Returns how many were added.
    /// </summary>
    public async Task<int> ImportConfirmedAsync(IEnumerable<(string Email, Cadence Cadence, long? UserId)> subscribers, CancellationToken ct = default)
    {
        var now = SqlTime.Ts(_clock.GetUtcNow());
        var added = 0;
        await using var c = await db.OpenAsync(ct);
        foreach (var chunk in subscribers.Chunk(5_000))
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            added += await c.ExecuteAsync("""
                INSERT INTO digest_subscribers (email, cadence, status, user_id, created_at, confirmed_at)
                VALUES (@Email, @CadenceName, 'confirmed', @UserId, @now, @now) ON CONFLICT (email) DO NOTHING
                """, chunk.Select(s => new { s.Email, CadenceName = Name(s.Cadence), s.UserId, now }), tx);
            await tx.CommitAsync(ct);
        }
        return added;
    }

    /// <summary>Confirmed subscribers of a cadence after <paramref name="afterId"/>, in id order (what the builder walks).</summary>
    public async Task<IReadOnlyList<Subscriber>> ConfirmedAsync(Cadence cadence, long afterId, int limit, string? email = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<Subscriber>($"""
            SELECT {SubscriberColumns} FROM digest_subscribers
            WHERE status = 'confirmed' AND cadence = @cadence AND id > @afterId {(email is null ? "" : "AND email = @email")}
            ORDER BY id LIMIT @limit
            """, new { cadence = Name(cadence), afterId, limit, email })).AsList();
    }

    // ---- alerts

    public async Task<long> AddAlertAsync(long userId, AlertKind kind, string value, AlertDelivery delivery, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ArgumentException($"alert: a {kind.ToString().ToLowerInvariant()} alert needs a value");
        if (kind == AlertKind.Search) AlertQuery.Parse(value); // refuse broken JSON now, not at build time
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>("""
            INSERT INTO digest_alerts (user_id, kind, value, delivery, created_at) VALUES (@userId, @kind, @value, @delivery, @now) RETURNING id
            """, new { userId, kind = kind.ToString().ToLowerInvariant(), value = value.Trim(), delivery = delivery.ToString().ToLowerInvariant(), now = SqlTime.Ts(_clock.GetUtcNow()) });
    }

    /// <summary>Whether any saved-search alert exists (the CLI opens the search index only then).</summary>
    public async Task<bool> HasSearchAlertsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM digest_alerts WHERE kind = 'search'") > 0;
    }

    public async Task<bool> DeleteAlertAsync(long userId, long alertId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("DELETE FROM digest_alerts WHERE id = @alertId AND user_id = @userId", new { userId, alertId }) > 0;
    }

    public async Task<IReadOnlyList<DigestAlert>> AlertsAsync(IReadOnlyCollection<long> userIds, CancellationToken ct = default)
    {
        if (userIds.Count == 0) return [];
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long Id, long UserId, string Kind, string Value, string Delivery)>(
            $"SELECT id, user_id, kind, value, delivery FROM digest_alerts WHERE user_id {Dialect.InList(c, "@userIds")} ORDER BY user_id, id",
            new { userIds = userIds.ToArray() });
        return rows.Select(r => new DigestAlert(r.Id, r.UserId, Enum.Parse<AlertKind>(r.Kind, true), r.Value, Enum.Parse<AlertDelivery>(r.Delivery, true))).ToList();
    }

    /// <summary>
    /// Creates users by handle (benchmarks and tests need alert owners before the accounts feature has its own
    /// store); returns their ids in order.
    /// </summary>
    public async Task<IReadOnlyList<long>> AddUsersAsync(IReadOnlyList<string> handles, CancellationToken ct = default)
    {
        var now = SqlTime.Ts(_clock.GetUtcNow());
        var ids = new List<long>(handles.Count);
        await using var c = await db.OpenAsync(ct);
        foreach (var chunk in handles.Chunk(5_000))
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            foreach (var h in chunk)
                ids.Add(await c.ExecuteScalarAsync<long>(
                    "INSERT INTO users (handle, created_at) VALUES (@h, @now) ON CONFLICT (handle) DO UPDATE SET handle = excluded.handle RETURNING id",
                    new { h, now }, tx));
            await tx.CommitAsync(ct);
        }
        return ids;
    }

    /// <summary>The key that signs links in mails: created once (first writer wins), the same on every node.</summary>
    public async Task<byte[]> TokenKeyAsync(CancellationToken ct = default)
    {
        const string Key = "digest:token_key";
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("INSERT INTO app_state (key, value, updated_at) VALUES (@key, @value, @now) ON CONFLICT (key) DO NOTHING",
            new { key = Key, value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), now = SqlTime.Ts(_clock.GetUtcNow()) });
        return Convert.FromBase64String(await c.ExecuteScalarAsync<string>("SELECT value FROM app_state WHERE key = @key", new { key = Key }) ?? "");
    }
}
