using System.Data.Common;
using DailyPapers.Accounts;
using DailyPapers.Community;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>A person: a local account (email + password) or an HF-imported user (no email, cannot sign in).</summary>
public sealed record Account
{
    public required long Id { get; init; }
    public required string Handle { get; init; }
    public string? FullName { get; init; }
    public string? AvatarUrl { get; init; }
    public string? HfId { get; init; }
    public bool IsPro { get; init; }
    /// <summary>"local" for accounts made here, "hf" for people imported with the HF data.</summary>
    public required string Origin { get; init; }
    public string? Email { get; init; }
    public DateTimeOffset? EmailConfirmedAt { get; init; }
    public string? PasswordHash { get; init; }
    public Role Role { get; init; }
    public string SecurityStamp { get; init; } = "";
    public int FailedSignins { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public bool UpvotesPublic { get; init; } = true;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }

    public bool IsLocal => Origin == AccountStore.LocalOrigin;
    public bool IsConfirmed => EmailConfirmedAt is not null;
}

public enum CreateAccountOutcome { Created, HandleTaken, HandleTakenByImportedUser, EmailTaken }

public sealed record CreateAccountResult(CreateAccountOutcome Outcome, long Id = 0);

/// <summary>
/// Local accounts on the users table: sign-up, sign-in bookkeeping (failures, lockout), password and email
/// changes, roles, deletion. One-time tokens and API tokens are in <c>AccountStore.Tokens.cs</c>, the profile
/// reads in <c>AccountStore.Profile.cs</c>.
/// </summary>
public sealed partial class AccountStore(Database db, TimeProvider? clock = null)
{
    public const string LocalOrigin = "local";
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    static AccountStore() => DapperSetup.Init();

    private const string Columns = """
        id, handle, full_name, avatar_url, hf_id, is_pro, origin, email, email_confirmed_at, password_hash, role,
        security_stamp, failed_signins, locked_until, upvotes_public, created_at, deleted_at
        """;

    private string Now => SqlTime.Ts(_clock.GetUtcNow())!;

    /// <summary>
    /// Creates a local account. The handle is compared case-insensitively with every existing user, HF-imported
    /// people included: a local account must not pass itself off as someone on HF.
    /// </summary>
    public async Task<CreateAccountResult> CreateAsync(string handle, string email, string passwordHash, Role role = Role.User,
        bool confirmed = false, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Serialises sign-ups on PostgreSQL so the case-insensitive handle check and the insert cannot interleave.
        await c.ExecuteAsync(db.Dialect.TransactionLockSql(AccountLockKey), transaction: tx);
        var clash = await c.QueryFirstOrDefaultAsync<string?>(
            "SELECT origin FROM users WHERE lower(handle) = lower(@handle)", new { handle }, tx);
        if (clash is not null)
            return new(clash == LocalOrigin ? CreateAccountOutcome.HandleTaken : CreateAccountOutcome.HandleTakenByImportedUser);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE email = @email", new { email }, tx) > 0)
            return new(CreateAccountOutcome.EmailTaken);
        var now = Now;
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO users (handle, origin, email, email_confirmed_at, password_hash, role, security_stamp, created_at, updated_at)
            VALUES (@handle, @LocalOrigin, @email, @confirmedAt, @passwordHash, @role, @stamp, @now, @now)
            RETURNING id
            """, new { handle, LocalOrigin, email, confirmedAt = confirmed ? now : null, passwordHash, role = RoleName(role), stamp = NewStamp(), now }, tx);
        await tx.CommitAsync(ct);
        return new(CreateAccountOutcome.Created, id);
    }

    /// <summary>Key of the cluster-wide lock that serialises account creation and email changes.</summary>
    private const long AccountLockKey = 0x4163_636f_756e_74; // "Account"

    public Task<Account?> FindByIdAsync(long id, CancellationToken ct = default) => FindAsync("id = @v", id, ct);
    public Task<Account?> FindByEmailAsync(string normalisedEmail, CancellationToken ct = default) =>
        FindAsync("email = @v AND deleted_at IS NULL", normalisedEmail, ct);
    /// <summary>Any user by handle, case-insensitively (profile URLs are typed by people).</summary>
    public Task<Account?> FindByHandleAsync(string handle, CancellationToken ct = default) =>
        FindAsync("lower(handle) = lower(@v) AND deleted_at IS NULL", handle, ct);

    private async Task<Account?> FindAsync(string where, object value, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<AccountRow>($"SELECT {Columns} FROM users WHERE {where} ORDER BY id", new { v = value });
        return row?.ToAccount();
    }

    /// <summary>
    /// Counts a failed sign-in; the <paramref name="maxFailures"/>-th in a row locks the account until now +
    /// <paramref name="lockFor"/> and starts the count again. Returns the lock end when it locked now.
    /// </summary>
    public async Task<DateTimeOffset?> RecordFailedSigninAsync(long id, int maxFailures, TimeSpan lockFor, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var failures = await c.ExecuteScalarAsync<int>(
            "UPDATE users SET failed_signins = failed_signins + 1 WHERE id = @id RETURNING failed_signins", new { id });
        if (failures < maxFailures) return null;
        var until = _clock.GetUtcNow() + lockFor;
        await c.ExecuteAsync("UPDATE users SET failed_signins = 0, locked_until = @until WHERE id = @id", new { id, until = SqlTime.Ts(until) });
        return until;
    }

    public async Task RecordSigninAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE users SET failed_signins = 0, locked_until = NULL WHERE id = @id", new { id });
    }

    /// <summary>
    /// Stores a new password hash and a new security stamp and ends every session of the account (whoever knew the
    /// old password may have signed in with it); the caller signs the current browser in again if it should stay.
    /// </summary>
    public async Task SetPasswordAsync(long id, string passwordHash, CancellationToken ct = default)
    {
        await using (var c = await db.OpenAsync(ct))
        await using (var tx = await c.BeginTransactionAsync(ct))
        {
            await c.ExecuteAsync("""
                UPDATE users SET password_hash = @passwordHash, security_stamp = @stamp, failed_signins = 0, locked_until = NULL, updated_at = @now
                WHERE id = @id
                """, new { id, passwordHash, stamp = NewStamp(), now = Now }, tx);
            await c.ExecuteAsync("DELETE FROM user_sessions WHERE user_id = @id", new { id }, tx);
            await tx.CommitAsync(ct);
        }
        OnSessionsChanged(id);
    }

    public async Task ConfirmEmailAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE users SET email_confirmed_at = COALESCE(email_confirmed_at, @now), updated_at = @now WHERE id = @id",
            new { id, now = Now });
    }

    /// <summary>Moves the account to a new (already confirmed) address; false when another account has it.</summary>
    public async Task<bool> ChangeEmailAsync(long id, string newEmail, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(db.Dialect.TransactionLockSql(AccountLockKey), transaction: tx);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM users WHERE email = @newEmail AND id <> @id", new { id, newEmail }, tx) > 0)
            return false;
        var now = Now;
        await c.ExecuteAsync("""
            UPDATE users SET email = @newEmail, email_confirmed_at = @now, security_stamp = @stamp, updated_at = @now WHERE id = @id
            """, new { id, newEmail, now, stamp = NewStamp() }, tx);
        await tx.CommitAsync(ct);
        OnSessionsChanged(id);
        return true;
    }

    public async Task SetUpvotesPublicAsync(long id, bool isPublic, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE users SET upvotes_public = @isPublic, updated_at = @now WHERE id = @id", new { id, isPublic, now = Now });
    }

    /// <summary>Changes the role and the security stamp, so sessions carrying the old role claim end.</summary>
    public async Task SetRoleAsync(long id, Role role, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await c.ExecuteAsync("UPDATE users SET role = @role, security_stamp = @stamp, updated_at = @now WHERE id = @id",
            new { id, role = RoleName(role), stamp = NewStamp(), now = Now });
        OnSessionsChanged(id);
    }

    /// <summary>
    /// Deletes a local account. Its upvotes are removed and the scores of those papers recomputed in the same
    /// transaction (as VoteStore does for one vote); tokens go; its submissions stay on the feed without a name and
    /// its author claims are released. The row itself stays, emptied and renamed "deleted-ID", so that comments
    /// (kept, shown as "[deleted user]") still have an author row to point at. Returns the papers whose score changed.
    /// </summary>
    public async Task<IReadOnlyList<long>> DeleteAsync(long id, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var now = Now;
        var paperIds = (await c.QueryAsync<long>("SELECT paper_id FROM votes WHERE user_id = @id ORDER BY paper_id", new { id }, tx)).AsList();
        foreach (var paperId in paperIds)
        {
            // Same lock order as a vote (paper row, then votes), so a concurrent vote on that paper waits.
            await c.ExecuteAsync($"SELECT id FROM papers WHERE id = @paperId{db.Dialect.ForUpdate}", new { paperId }, tx);
            await c.ExecuteAsync("DELETE FROM votes WHERE user_id = @id AND paper_id = @paperId", new { id, paperId }, tx);
            await PaperStore.RecountVotesAsync(c, tx, paperId, now);
        }
        await c.ExecuteAsync("DELETE FROM account_tokens WHERE user_id = @id", new { id }, tx);
        await c.ExecuteAsync("DELETE FROM api_tokens WHERE user_id = @id", new { id }, tx);
        await c.ExecuteAsync("DELETE FROM user_sessions WHERE user_id = @id", new { id }, tx);
        await c.ExecuteAsync("DELETE FROM external_logins WHERE user_id = @id", new { id }, tx);
        await c.ExecuteAsync("DELETE FROM collections WHERE user_id = @id", new { id }, tx); // items go with them (cascade)
        await c.ExecuteAsync("UPDATE daily_entries SET submitted_by = NULL WHERE submitted_by = @id", new { id }, tx);
        await c.ExecuteAsync("UPDATE paper_authors SET user_id = NULL WHERE user_id = @id", new { id }, tx);
        await c.ExecuteAsync("""
            UPDATE users SET handle = @handle, full_name = NULL, avatar_url = NULL, email = NULL, email_confirmed_at = NULL,
                password_hash = NULL, role = 'user', security_stamp = @stamp, upvotes_public = @no, deleted_at = @now, updated_at = @now
            WHERE id = @id
            """, new { id, handle = $"deleted-{id}", stamp = NewStamp(), no = false, now }, tx);
        await tx.CommitAsync(ct);
        OnSessionsChanged(id);
        return paperIds;
    }

    public static string RoleName(Role role) => role switch { Role.Admin => "admin", Role.Moderator => "moderator", _ => "user" };

    public static Role ParseRole(string? name) => name switch { "admin" => Role.Admin, "moderator" => Role.Moderator, _ => Role.User };

    private static string NewStamp() => AccountRules.NewSecret();

    private sealed class AccountRow
    {
        public long Id { get; set; }
        public string Handle { get; set; } = "";
        public string? FullName { get; set; }
        public string? AvatarUrl { get; set; }
        public string? HfId { get; set; }
        public bool IsPro { get; set; }
        public string Origin { get; set; } = "";
        public string? Email { get; set; }
        public string? EmailConfirmedAt { get; set; }
        public string? PasswordHash { get; set; }
        public string? Role { get; set; }
        public string? SecurityStamp { get; set; }
        public int FailedSignins { get; set; }
        public string? LockedUntil { get; set; }
        public bool UpvotesPublic { get; set; }
        public string CreatedAt { get; set; } = "";
        public string? DeletedAt { get; set; }

        public Account ToAccount() => new()
        {
            Id = Id, Handle = Handle, FullName = FullName, AvatarUrl = AvatarUrl, HfId = HfId, IsPro = IsPro, Origin = Origin,
            Email = Email, EmailConfirmedAt = SqlTime.ParseTs(EmailConfirmedAt), PasswordHash = PasswordHash, Role = ParseRole(Role),
            SecurityStamp = SecurityStamp ?? "", FailedSignins = FailedSignins, LockedUntil = SqlTime.ParseTs(LockedUntil),
            UpvotesPublic = UpvotesPublic, CreatedAt = SqlTime.ParseTs(CreatedAt) ?? default, DeletedAt = SqlTime.ParseTs(DeletedAt),
        };
    }

    internal static async Task<Account?> ReadAsync(DbConnection c, DbTransaction? tx, long id) =>
        (await c.QueryFirstOrDefaultAsync<AccountRow>($"SELECT {Columns} FROM users WHERE id = @id", new { id }, tx))?.ToAccount();
}
