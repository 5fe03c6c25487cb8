using DailyPapers.Accounts;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>What a one-time link is for; stored as the text in <see cref="TokenPurposes.Name"/>.</summary>
public enum TokenPurpose { ConfirmEmail, ResetPassword, ChangeEmail }

public enum RedeemOutcome { Ok, Unknown, Expired, Used }

/// <summary>The result of using a one-time link: who it was for and, for an email change, the new address.</summary>
public sealed record RedeemResult(RedeemOutcome Outcome, long UserId = 0, string? Data = null);

/// <summary>A personal API token as listed on the settings page (never the token itself).</summary>
public sealed record ApiTokenInfo(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

public static class TokenPurposes
{
    public static string Name(TokenPurpose p) => p switch
    {
        TokenPurpose.ConfirmEmail => "confirm_email",
        TokenPurpose.ResetPassword => "reset_password",
        _ => "change_email",
    };
}

public sealed partial class AccountStore
{
    /// <summary>How often a used API token's last_used_at is written (a busy client must not write on every call).</summary>
    public static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Issues a one-time link token and returns it; only its hash is stored. Earlier unused tokens of the same
    /// purpose for the user stop working, so only the newest mail's link is valid.
    /// </summary>
    public async Task<string> IssueTokenAsync(long userId, TokenPurpose purpose, TimeSpan lifetime, string? data = null, CancellationToken ct = default)
    {
        var token = AccountRules.NewSecret();
        var now = _clock.GetUtcNow();
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync("UPDATE account_tokens SET used_at = @now WHERE user_id = @userId AND purpose = @purpose AND used_at IS NULL",
            new { userId, purpose = TokenPurposes.Name(purpose), now = SqlTime.Ts(now) }, tx);
        await c.ExecuteAsync("""
            INSERT INTO account_tokens (user_id, purpose, token_hash, data, created_at, expires_at)
            VALUES (@userId, @purpose, @hash, @data, @now, @expires)
            """, new { userId, purpose = TokenPurposes.Name(purpose), hash = AccountRules.HashToken(token), data,
                now = SqlTime.Ts(now), expires = SqlTime.Ts(now + lifetime) }, tx);
        await tx.CommitAsync(ct);
        return token;
    }

    /// <summary>Uses a one-time token: it works once, before it expires, for its own purpose only.</summary>
    public async Task<RedeemResult> RedeemTokenAsync(string? token, TokenPurpose purpose, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200) return new(RedeemOutcome.Unknown);
        var hash = AccountRules.HashToken(token);
        var now = SqlTime.Ts(_clock.GetUtcNow());
        await using var c = await db.OpenAsync(ct);
        // The conditional UPDATE is the redemption: of two concurrent uses, only one changes the row.
        var won = await c.QueryFirstOrDefaultAsync<TokenRow>("""
            UPDATE account_tokens SET used_at = @now
            WHERE token_hash = @hash AND purpose = @purpose AND used_at IS NULL AND expires_at > @now
            RETURNING user_id, data
            """, new { hash, purpose = TokenPurposes.Name(purpose), now });
        if (won is not null) return new(RedeemOutcome.Ok, won.UserId, won.Data);
        var row = await c.QueryFirstOrDefaultAsync<TokenRow>(
            "SELECT used_at, expires_at FROM account_tokens WHERE token_hash = @hash AND purpose = @purpose",
            new { hash, purpose = TokenPurposes.Name(purpose) });
        return row switch
        {
            null => new(RedeemOutcome.Unknown),
            { UsedAt: not null } => new(RedeemOutcome.Used),
            _ => new(RedeemOutcome.Expired),
        };
    }

    /// <summary>Whether a one-time token would be accepted now, without using it (to show the reset form).</summary>
    public async Task<RedeemOutcome> CheckTokenAsync(string? token, TokenPurpose purpose, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200) return RedeemOutcome.Unknown;
        await using var c = await db.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<TokenRow>(
            "SELECT used_at, expires_at FROM account_tokens WHERE token_hash = @hash AND purpose = @purpose",
            new { hash = AccountRules.HashToken(token), purpose = TokenPurposes.Name(purpose) });
        return row switch
        {
            null => RedeemOutcome.Unknown,
            { UsedAt: not null } => RedeemOutcome.Used,
            _ when string.CompareOrdinal(row.ExpiresAt, SqlTime.Ts(_clock.GetUtcNow())) <= 0 => RedeemOutcome.Expired,
            _ => RedeemOutcome.Ok,
        };
    }

    /// <summary>Creates a personal API token; the returned token is shown once and never stored.</summary>
    public async Task<(string Token, ApiTokenInfo Info)> CreateApiTokenAsync(long userId, string name, CancellationToken ct = default)
    {
        var token = AccountRules.NewApiToken();
        var prefix = token[..(AccountRules.ApiTokenPrefix.Length + 6)];
        var now = SqlTime.Truncate(_clock.GetUtcNow())!.Value;
        await using var c = await db.OpenAsync(ct);
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (@userId, @name, @hash, @prefix, @now) RETURNING id
            """, new { userId, name, hash = AccountRules.HashToken(token), prefix, now = SqlTime.Ts(now) });
        return (token, new ApiTokenInfo(id, name, prefix, now, null, null));
    }

    public async Task<IReadOnlyList<ApiTokenInfo>> ListApiTokensAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<(long Id, string Name, string Prefix, string CreatedAt, string? LastUsedAt, string? RevokedAt)>(
            "SELECT id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = @userId ORDER BY id DESC", new { userId });
        return rows.Select(r => new ApiTokenInfo(r.Id, r.Name, r.Prefix, SqlTime.ParseTs(r.CreatedAt)!.Value,
            SqlTime.ParseTs(r.LastUsedAt), SqlTime.ParseTs(r.RevokedAt))).ToList();
    }

    /// <summary>Revokes one of the user's tokens; false when it is not theirs or already revoked.</summary>
    public async Task<bool> RevokeApiTokenAsync(long userId, long tokenId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("UPDATE api_tokens SET revoked_at = @now WHERE id = @tokenId AND user_id = @userId AND revoked_at IS NULL",
            new { userId, tokenId, now = Now }) == 1;
    }

    /// <summary>
    /// The account behind a bearer token, or null for an unknown, revoked or malformed token or a deleted or
    /// unconfirmed account. Records the use at most once per <see cref="LastUsedResolution"/>.
    /// </summary>
    public async Task<Account?> AuthenticateApiTokenAsync(string? token, CancellationToken ct = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200 || !token.StartsWith(AccountRules.ApiTokenPrefix, StringComparison.Ordinal)) return null;
        await using var c = await db.OpenAsync(ct);
        var r = await c.QueryFirstOrDefaultAsync<ApiTokenRow>(
            "SELECT id, user_id, last_used_at FROM api_tokens WHERE token_hash = @hash AND revoked_at IS NULL",
            new { hash = AccountRules.HashToken(token) });
        if (r is null) return null;
        var account = await ReadAsync(c, null, r.UserId);
        if (account is null || account.DeletedAt is not null || !account.IsConfirmed) return null;
        var now = _clock.GetUtcNow();
        if (SqlTime.ParseTs(r.LastUsedAt) is not { } last || now - last >= LastUsedResolution)
            await c.ExecuteAsync("UPDATE api_tokens SET last_used_at = @now WHERE id = @id", new { id = r.Id, now = SqlTime.Ts(now) });
        return account;
    }

    private sealed class TokenRow
    {
        public long UserId { get; set; }
        public string? Data { get; set; }
        public string? UsedAt { get; set; }
        public string ExpiresAt { get; set; } = "";
    }

    private sealed class ApiTokenRow
    {
        public long Id { get; set; }
        public long UserId { get; set; }
        public string? LastUsedAt { get; set; }
    }
}
