using DailyPapers.Accounts;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>What a request's session check needs: whose it is and the account's current security stamp.</summary>
public sealed record SessionOwner(long UserId, string SecurityStamp);

public sealed partial class AccountStore
{
    /// <summary>How often a used session's last_seen_at is written: enough to expire idle sessions, not a write per request.</summary>
    public static readonly TimeSpan SessionTouchResolution = TimeSpan.FromHours(1);

    /// <summary>
    /// Called with an account id whenever its sessions or security stamp change here (sign-outs everywhere, password,
    /// email, role, deletion), so a node's cache of session checks can drop that account's entries at once. Other
    /// nodes see the change in the database when their cache entries expire.
    /// </summary>
    public Action<long>? SessionsChanged { get; set; }

    private void OnSessionsChanged(long userId) => SessionsChanged?.Invoke(userId);

    /// <summary>
    /// Starts a session for the account and returns its id (for the cookie; only its hash is stored). The account's
    /// sessions idle for longer than <paramref name="idleLimit"/> are removed on the way.
    /// </summary>
    public async Task<string> StartSessionAsync(long userId, TimeSpan idleLimit, CancellationToken ct = default)
    {
        var id = AccountRules.NewSecret();
        var now = _clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM user_sessions WHERE user_id = @userId AND last_seen_at < @before",
            new { userId, before = SqlTime.Ts(now - idleLimit) });
        await c.ExecuteAsync("INSERT INTO user_sessions (id_hash, user_id, created_at, last_seen_at) VALUES (@hash, @userId, @now, @now)",
            new { hash = AccountRules.HashToken(id), userId, now = SqlTime.Ts(now) });
        return id;
    }

    /// <summary>
    /// The owner of a live session: null when it was ended, has been idle longer than <paramref name="idleLimit"/>,
    /// or its account is deleted. Records the use at most once per <see cref="SessionTouchResolution"/>.
    /// </summary>
    public async Task<SessionOwner?> FindSessionAsync(string? sessionId, TimeSpan idleLimit, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 200) return null;
        var hash = AccountRules.HashToken(sessionId);
        var now = _clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<(long UserId, string? SecurityStamp, string LastSeenAt)>("""
            SELECT s.user_id, u.security_stamp, s.last_seen_at FROM user_sessions s JOIN users u ON u.id = s.user_id
            WHERE s.id_hash = @hash AND u.deleted_at IS NULL
            """, new { hash });
        if (row.UserId == 0 || SqlTime.ParseTs(row.LastSeenAt) is not { } seen || now - seen > idleLimit) return null;
        if (now - seen >= SessionTouchResolution)
            await c.ExecuteAsync("UPDATE user_sessions SET last_seen_at = @now WHERE id_hash = @hash", new { hash, now = SqlTime.Ts(now) });
        return new SessionOwner(row.UserId, row.SecurityStamp ?? "");
    }

    /// <summary>Ends one session (signing out); returns its owner, or null when there was no such session.</summary>
    public async Task<long?> EndSessionAsync(string? sessionId, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(sessionId) || sessionId.Length > 200) return null;
        await using var c = await db.OpenAsync(ct);
        var owner = await c.QueryFirstOrDefaultAsync<long?>("DELETE FROM user_sessions WHERE id_hash = @hash RETURNING user_id",
            new { hash = AccountRules.HashToken(sessionId) });
        if (owner is { } id) OnSessionsChanged(id);
        return owner;
    }

    /// <summary>Ends every session of the account (sign out everywhere); returns how many there were.</summary>
    public async Task<int> EndAllSessionsAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var n = await c.ExecuteAsync("DELETE FROM user_sessions WHERE user_id = @userId", new { userId });
        OnSessionsChanged(userId);
        return n;
    }

    /// <summary>The account's sessions (live or idle but not yet removed), for tests and a future "your devices" list.</summary>
    public async Task<int> CountSessionsAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM user_sessions WHERE user_id = @userId", new { userId });
    }

    /// <summary>Revokes every active API token of the account (after a password reset); returns how many.</summary>
    public async Task<int> RevokeAllApiTokensAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE api_tokens SET revoked_at = @now WHERE user_id = @userId AND revoked_at IS NULL",
            new { userId, now = Now });
    }
}
