using DailyPapers.Community;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>Which people the admin list shows: local accounts (the default), HF-imported people, or both.</summary>
public enum AccountOrigins { Local, Imported, All }

/// <summary>A filter and page of the admin user list. <see cref="Search"/> matches handle or email, as a substring, any case.</summary>
public sealed record AccountQuery(string? Search = null, Role? Role = null, AccountOrigins Origins = AccountOrigins.Local,
    int Offset = 0, int Limit = 50);

public enum RoleChangeOutcome { Changed, Unchanged, NotFound, NotLocal, LastAdmin }

public sealed partial class AccountStore
{
    /// <summary>
    /// Users for the admin list: local accounts first, then HF-imported people, newest first within each.
    /// Deleted accounts are left out. Returns the page and the number of users the filter matches.
    /// </summary>
    public async Task<(IReadOnlyList<Account> Accounts, int Total)> ListAsync(AccountQuery q, CancellationToken ct = default)
    {
        var where = new List<string> { "deleted_at IS NULL" };
        if (q.Origins == AccountOrigins.Local) where.Add("origin = @LocalOrigin");
        else if (q.Origins == AccountOrigins.Imported) where.Add("origin <> @LocalOrigin");
        if (q.Role is { } r) where.Add("role = @role");
        string? pattern = null;
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            // Emails are stored lower-cased; ILIKE (LIKE on SQLite) ignores case for the handle. The search text is
            // taken literally: % and _ in it are escaped rather than acting as wildcards.
            pattern = "%" + EscapeLike(q.Search.Trim().ToLowerInvariant()) + "%";
            where.Add($"(handle {db.Dialect.ILike} @pattern ESCAPE '\\' OR email {db.Dialect.ILike} @pattern ESCAPE '\\')");
        }
        var filter = string.Join(" AND ", where);
        var args = new { LocalOrigin, role = q.Role is { } rr ? RoleName(rr) : null, pattern, limit = q.Limit, offset = q.Offset };
        await using var c = await db.OpenAsync(ct);
        var total = await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM users WHERE {filter}", args);
        var rows = await c.QueryAsync<AccountRow>($"""
            SELECT {Columns} FROM users WHERE {filter}
            ORDER BY CASE WHEN origin = @LocalOrigin THEN 0 ELSE 1 END, created_at DESC, id DESC
            LIMIT @limit OFFSET @offset
            """, args);
        return (rows.Select(x => x.ToAccount()).ToList(), total);
    }

    /// <summary>Local accounts (not deleted) that hold the admin role.</summary>
    public async Task<int> CountAdminsAsync(CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM users WHERE role = 'admin' AND origin = @LocalOrigin AND deleted_at IS NULL", new { LocalOrigin });
    }

    /// <summary>
    /// Gives a local account a new role, refusing to take the admin role from the last admin (the site would have
    /// nobody left to grant roles but the command line). Only a real change rotates the security stamp, which ends
    /// the account's sessions so they read the new role at their next request.
    /// </summary>
    public async Task<RoleChangeOutcome> ChangeRoleAsync(long id, Role role, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // The same cluster-wide lock as sign-up: two admins demoting each other at once must not both succeed.
        await c.ExecuteAsync(db.Dialect.TransactionLockSql(AccountLockKey), transaction: tx);
        // One guarded UPDATE first, so on SQLite the transaction takes the write lock before it reads anything.
        var changed = await c.ExecuteAsync("""
            UPDATE users SET role = @role, security_stamp = @stamp, updated_at = @now
            WHERE id = @id AND origin = @LocalOrigin AND deleted_at IS NULL AND role <> @role
              AND (role <> 'admin' OR (SELECT COUNT(*) FROM users a WHERE a.role = 'admin' AND a.origin = @LocalOrigin AND a.deleted_at IS NULL) > 1)
            """, new { id, role = RoleName(role), stamp = NewStamp(), now = Now, LocalOrigin }, tx);
        if (changed > 0)
        {
            await tx.CommitAsync(ct);
            OnSessionsChanged(id);
            return RoleChangeOutcome.Changed;
        }
        // Nothing changed: say why.
        var target = await ReadAsync(c, tx, id);
        if (target is null || target.DeletedAt is not null) return RoleChangeOutcome.NotFound;
        if (!target.IsLocal) return RoleChangeOutcome.NotLocal;
        return target.Role == role ? RoleChangeOutcome.Unchanged : RoleChangeOutcome.LastAdmin;
    }

    /// <summary>Role names as typed on the command line and posted by the admin page; null for anything else.</summary>
    public static Role? TryParseRole(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "user" => Role.User,
        "moderator" => Role.Moderator,
        "admin" => Role.Admin,
        _ => null,
    };

    private static string EscapeLike(string s) => s.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
