using DailyPapers.Accounts;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>Who an OpenID Connect provider says signed in: its issuer and subject, and what it shared about them.</summary>
public sealed record ExternalIdentity(string Provider, string Subject, string? Email, bool EmailVerified, string? PreferredUsername, string? Name);

public enum ExternalSigninOutcome
{
    /// <summary>The provider login was already linked to this account.</summary>
    Known,
    /// <summary>Linked now to the existing confirmed account with the provider's verified email address.</summary>
    Linked,
    /// <summary>A new account was created for this person.</summary>
    Created,
    /// <summary>Nothing was changed; <see cref="ExternalSigninResult.Reason"/> says why.</summary>
    Refused,
}

public sealed record ExternalSigninResult(ExternalSigninOutcome Outcome, long UserId = 0, string? Reason = null);

public sealed partial class AccountStore
{
    /// <summary>
    /// Finds or creates the local account of someone who signed in through the operator's OpenID Connect provider.
    /// A known (provider, subject) pair is that account for good. Otherwise the provider's email must be verified:
    /// it joins the confirmed local account with that address (the provider vouches for the mailbox, as the
    /// confirmation link would), or makes a new account without a password. An unconfirmed account with that
    /// address is not taken over: whoever created it chose its password, so the owner must confirm or reset first.
    /// </summary>
    public async Task<ExternalSigninResult> SignInExternalAsync(ExternalIdentity who, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(who.Provider) || string.IsNullOrWhiteSpace(who.Subject))
            return new(ExternalSigninOutcome.Refused, Reason: "The sign-in provider did not say who you are (no issuer or subject).");
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(db.Dialect.TransactionLockSql(AccountLockKey), transaction: tx);
        var now = Now;
        var known = await c.QueryFirstOrDefaultAsync<long?>("""
            SELECT l.user_id FROM external_logins l JOIN users u ON u.id = l.user_id
            WHERE l.provider = @Provider AND l.subject = @Subject AND u.deleted_at IS NULL
            """, who, tx);
        if (known is { } knownId)
        {
            await c.ExecuteAsync("UPDATE external_logins SET last_used_at = @now WHERE provider = @Provider AND subject = @Subject",
                new { who.Provider, who.Subject, now }, tx);
            await tx.CommitAsync(ct);
            return new(ExternalSigninOutcome.Known, knownId);
        }

        var email = AccountRules.NormaliseEmail(who.Email, out _);
        if (email is null || !who.EmailVerified)
            return new(ExternalSigninOutcome.Refused, Reason: "The sign-in provider did not share a verified email address, which this site needs to create your account.");
        var holder = await c.QueryFirstOrDefaultAsync<(long Id, string Origin, string? ConfirmedAt)?>(
            "SELECT id, origin, email_confirmed_at FROM users WHERE email = @email AND deleted_at IS NULL", new { email }, tx);
        long userId;
        ExternalSigninOutcome outcome;
        if (holder is { } h)
        {
            if (h.Origin != LocalOrigin || h.ConfirmedAt is null)
                return new(ExternalSigninOutcome.Refused, Reason:
                    $"An account with the address {email} exists but its email was never confirmed. Confirm it with the link we mailed, or reset its password, then sign in with your provider again.");
            userId = h.Id;
            outcome = ExternalSigninOutcome.Linked;
        }
        else
        {
            var handle = await FreeHandleAsync(c, tx, HandleCandidates(who, email));
            userId = await c.ExecuteScalarAsync<long>("""
                INSERT INTO users (handle, full_name, origin, email, email_confirmed_at, password_hash, role, security_stamp, created_at, updated_at)
                VALUES (@handle, @name, @LocalOrigin, @email, @now, NULL, 'user', @stamp, @now, @now)
                RETURNING id
                """, new { handle, name = Trimmed(who.Name, 100), LocalOrigin, email, now, stamp = NewStamp() }, tx);
            outcome = ExternalSigninOutcome.Created;
        }
        await c.ExecuteAsync("""
            INSERT INTO external_logins (provider, subject, user_id, created_at, last_used_at) VALUES (@Provider, @Subject, @userId, @now, @now)
            ON CONFLICT (provider, subject) DO UPDATE SET user_id = excluded.user_id, last_used_at = excluded.last_used_at
            """, new { who.Provider, who.Subject, userId, now }, tx);
        await tx.CommitAsync(ct);
        return new(outcome, userId);
    }

    /// <summary>The providers an account can sign in with (shown on the settings page).</summary>
    public async Task<IReadOnlyList<string>> ExternalLoginsAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<string>("SELECT provider FROM external_logins WHERE user_id = @userId ORDER BY provider", new { userId })).AsList();
    }

    private static string? Trimmed(string? s, int max) => string.IsNullOrWhiteSpace(s) ? null : s.Trim() is var t && t.Length > max ? t[..max] : s.Trim();

    /// <summary>User names to try, best first: the provider's user name, the mailbox name, the person's name.</summary>
    internal static IEnumerable<string> HandleCandidates(ExternalIdentity who, string email)
    {
        foreach (var raw in new[] { who.PreferredUsername?.Split('@')[0], email.Split('@')[0], who.Name })
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var chars = raw.Trim().Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '_' or '-' ? ch : '-').ToArray();
            var s = string.Join('-', new string(chars).Split('-', StringSplitOptions.RemoveEmptyEntries)).Trim('_', '-');
            if (s.Length > 30) s = s[..30].Trim('_', '-');
            if (s.Length > 0) yield return s;
        }
        yield return "user";
    }

    /// <summary>The first candidate (or candidate-2, -3, …) that is a valid handle no user has, case-insensitively.</summary>
    private static async Task<string> FreeHandleAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, IEnumerable<string> candidates)
    {
        foreach (var stem in candidates)
        {
            for (var n = 1; n <= 50; n++)
            {
                var handle = n == 1 ? stem : $"{stem}-{n}";
                if (AccountRules.HandleProblem(handle) is not null) break;
                if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE lower(handle) = lower(@handle)", new { handle }, tx) == 0)
                    return handle;
            }
        }
        return $"user-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4))}";
    }
}
