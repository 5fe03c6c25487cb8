using DailyPapers.Accounts;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>The state of one (account, client address) pair after failed password checks.</summary>
public sealed record SigninFailures(int Failures, DateTimeOffset? BlockedUntil);

public sealed partial class AccountStore
{
    /// <summary>
    /// When the pair may try again, or null when it may now. Kept in the database so every web node, and a restarted
    /// one, applies the same delay.
    /// </summary>
    public async Task<DateTimeOffset?> SigninBlockedUntilAsync(string subject, string client, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var until = SqlTime.ParseTs(await c.QueryFirstOrDefaultAsync<string?>(
            "SELECT blocked_until FROM signin_failures WHERE subject = @subject AND client = @client", new { subject, client }));
        return until > _clock.GetUtcNow() ? until : null;
    }

    /// <summary>
    /// Counts a failed password check for the pair and sets when it may try next (<see cref="SigninBackoff.DelayAfter"/>).
    /// A pair whose last failure is older than <see cref="SigninBackoff.Memory"/> starts again from one; such old
    /// rows are removed on the way.
    /// </summary>
    public async Task<SigninFailures> RecordSigninFailureAsync(string subject, string client, SigninBackoff backoff, CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        var forgetBefore = SqlTime.Ts(now - SigninBackoff.Memory);
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM signin_failures WHERE last_failed_at < @forgetBefore", new { forgetBefore });
        // One statement, so concurrent failures of one pair each count (no read-then-write race).
        var failures = await c.ExecuteScalarAsync<int>("""
            INSERT INTO signin_failures (subject, client, failures, last_failed_at) VALUES (@subject, @client, 1, @now)
            ON CONFLICT (subject, client) DO UPDATE SET failures = signin_failures.failures + 1, last_failed_at = @now
            RETURNING failures
            """, new { subject, client, now = SqlTime.Ts(now) });
        var delay = backoff.DelayAfter(failures);
        if (delay <= TimeSpan.Zero) return new(failures, null);
        var until = SqlTime.Truncate(now + delay)!.Value;
        // Never shorten a wait another concurrent failure already set.
        await c.ExecuteAsync("""
            UPDATE signin_failures SET blocked_until = @until
            WHERE subject = @subject AND client = @client AND (blocked_until IS NULL OR blocked_until < @until)
            """, new { subject, client, until = SqlTime.Ts(until) });
        return new(failures, until);
    }

    /// <summary>A right password from the pair: its failures are forgotten.</summary>
    public async Task ClearSigninFailuresAsync(string subject, string client, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("DELETE FROM signin_failures WHERE subject = @subject AND client = @client", new { subject, client });
    }
}
