using System.Data.Common;
using DailyPapers.Community;
using DailyPapers.Papers;
using Dapper;

namespace DailyPapers.Storage;

public enum ClaimOutcome { Created, NoSuchAuthor, AlreadyVerified, AlreadyYours, OpenClaimExists, YouClaimedAnother }

public enum DecideOutcome { Approved, Rejected, NotFound, NotPending, AuthorGone, AlreadyVerified }

/// <summary>One row of author_claims with what the pages show next to it.</summary>
public sealed record AuthorClaim
{
    public long Id { get; init; }
    public long PaperId { get; init; }
    public string ArxivId { get; init; } = "";
    public string Title { get; init; } = "";
    public int Position { get; init; }
    public string AuthorName { get; init; } = "";
    public long UserId { get; init; }
    public string Handle { get; init; } = "";
    public string? FullName { get; init; }
    public string? Email { get; init; }
    public string Kind { get; init; } = ClaimKind.Claim;
    public string Status { get; init; } = ClaimStatus.Pending;
    public bool HiddenFromProfile { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecidedByHandle { get; init; }
    public string? Reason { get; init; }

    /// <summary>The part after '@' of the claimant's email, which moderators weigh (a university domain, say).</summary>
    public string? EmailDomain => Email is { } e && e.LastIndexOf('@') is var at and >= 0 ? e[(at + 1)..] : null;
}

/// <summary>
/// Authorship claims: a user asks to be linked to an author entry, a moderator approves or rejects, an admin may
/// assign directly. Approving writes the HF-style status on paper_authors and logs a paper change in the same
/// transaction, so every node's search index follows.
/// </summary>
public sealed partial class ClaimStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    static ClaimStore() => DapperSetup.Init();

    private string Now => SqlTime.Ts(_clock.GetUtcNow())!;

    private const string ClaimColumns = """
        ac.id, ac.paper_id, p.arxiv_id, p.title, ac.position, ac.author_name, ac.user_id, u.handle, u.full_name, u.email,
        ac.kind, ac.status, ac.hidden_from_profile, ac.created_at, ac.decided_at, d.handle AS decided_by_handle, ac.reason
        """;

    private const string ClaimJoins = """
        JOIN papers p ON p.id = ac.paper_id
        JOIN users u ON u.id = ac.user_id
        LEFT JOIN users d ON d.id = ac.decided_by
        """;

    /// <summary>Files a pending claim on the author entry at <paramref name="position"/> (0-based).</summary>
    public async Task<(ClaimOutcome Outcome, long ClaimId)> ClaimAsync(long userId, long paperId, int position, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Locks the paper so two claims on one paper are decided one after the other.
        await c.ExecuteScalarAsync<long?>($"SELECT id FROM papers WHERE id = @paperId{db.Dialect.ForUpdate}", new { paperId }, tx);
        var author = await AuthorAtAsync(c, tx, paperId, position);
        if (author is null) return (ClaimOutcome.NoSuchAuthor, 0);
        if (AuthorStatus.IsVerified(author.Status))
            return (author.UserId == userId ? ClaimOutcome.AlreadyYours : ClaimOutcome.AlreadyVerified, 0);
        var mine = await c.ExecuteScalarAsync<int?>("""
            SELECT position FROM author_claims WHERE paper_id = @paperId AND user_id = @userId AND status IN ('pending', 'approved')
            """, new { paperId, userId }, tx);
        if (mine is not null) return (mine == position ? ClaimOutcome.OpenClaimExists : ClaimOutcome.YouClaimedAnother, 0);
        var id = await c.ExecuteScalarAsync<long?>("""
            INSERT INTO author_claims (paper_id, position, author_name, user_id, kind, status, created_at)
            VALUES (@paperId, @position, @name, @userId, 'claim', 'pending', @now)
            ON CONFLICT DO NOTHING
            RETURNING id
            """, new { paperId, position, name = author.Name, userId, now = Now }, tx);
        if (id is null) return (ClaimOutcome.OpenClaimExists, 0);
        await tx.CommitAsync(ct);
        return (ClaimOutcome.Created, id.Value);
    }

    /// <summary>Withdraws the user's own pending claim; false when there is none with that id.</summary>
    public async Task<bool> WithdrawAsync(long claimId, long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync("""
            UPDATE author_claims SET status = 'withdrawn', decided_at = @now WHERE id = @claimId AND user_id = @userId AND status = 'pending'
            """, new { claimId, userId, now = Now }) > 0;
    }

    /// <summary>Approves or rejects a pending claim. Approval links the author entry to the claimant.</summary>
    public async Task<DecideOutcome> DecideAsync(long claimId, long moderatorId, bool approve, string? reason, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var claim = await c.QuerySingleOrDefaultAsync<(long PaperId, int Position, string AuthorName, long UserId, string Status)?>(
            "SELECT paper_id, position, author_name, user_id, status FROM author_claims WHERE id = @claimId", new { claimId }, tx);
        if (claim is not { } cl) return DecideOutcome.NotFound;
        await c.ExecuteScalarAsync<long?>($"SELECT id FROM papers WHERE id = @id{db.Dialect.ForUpdate}", new { id = cl.PaperId }, tx);
        if (cl.Status != ClaimStatus.Pending) return DecideOutcome.NotPending;
        var now = Now;
        if (!approve)
        {
            await SetDecisionAsync(c, tx, claimId, ClaimStatus.Rejected, moderatorId, now, reason);
            await tx.CommitAsync(ct);
            return DecideOutcome.Rejected;
        }
        var author = await AuthorAtAsync(c, tx, cl.PaperId, cl.Position);
        if (author is null || !AuthorshipRules.SameName(author.Name, cl.AuthorName)) return DecideOutcome.AuthorGone;
        if (AuthorStatus.IsVerified(author.Status) && author.UserId != cl.UserId) return DecideOutcome.AlreadyVerified;
        await LinkAuthorAsync(c, tx, cl.PaperId, cl.Position, cl.UserId, AuthorStatus.ClaimedVerified, now);
        await SetDecisionAsync(c, tx, claimId, ClaimStatus.Approved, moderatorId, now, reason);
        await tx.CommitAsync(ct);
        return DecideOutcome.Approved;
    }

    /// <summary>
    /// An admin links a user to an author entry directly (HF's admin_assigned). Open claims on the entry by others
    /// are rejected, and an earlier verification of someone else is replaced, with the reason recorded.
    /// </summary>
    public async Task<bool> AssignAsync(long adminId, long paperId, int position, long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteScalarAsync<long?>($"SELECT id FROM papers WHERE id = @paperId{db.Dialect.ForUpdate}", new { paperId }, tx);
        var author = await AuthorAtAsync(c, tx, paperId, position);
        if (author is null) return false;
        var now = Now;
        await c.ExecuteAsync("""
            UPDATE author_claims SET status = CASE WHEN status = 'pending' THEN 'rejected' ELSE 'withdrawn' END,
                decided_by = @adminId, decided_at = @now, reason = 'assigned by an admin'
            WHERE paper_id = @paperId AND (position = @position OR user_id = @userId) AND status IN ('pending', 'approved')
            """, new { paperId, position, userId, adminId, now }, tx);
        await c.ExecuteAsync("""
            INSERT INTO author_claims (paper_id, position, author_name, user_id, kind, status, created_at, decided_by, decided_at)
            VALUES (@paperId, @position, @name, @userId, 'assigned', 'approved', @now, @adminId, @now)
            """, new { paperId, position, name = author.Name, userId, adminId, now }, tx);
        // The user may have been verified at another entry of this paper: one person, one entry.
        await c.ExecuteAsync("""
            UPDATE paper_authors SET user_id = NULL, status = NULL, status_changed_at = @now
            WHERE paper_id = @paperId AND user_id = @userId AND position <> @position
            """, new { paperId, userId, position, now }, tx);
        await LinkAuthorAsync(c, tx, paperId, position, userId, AuthorStatus.AdminAssigned, now);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Hides the paper from (or shows it on) the verified author's profile; false when they are not a verified author of it.</summary>
    public async Task<bool> SetHiddenFromProfileAsync(long userId, long paperId, bool hidden, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var n = await c.ExecuteAsync($"""
            UPDATE paper_authors SET hidden = @hidden WHERE paper_id = @paperId AND user_id = @userId AND status {Dialect.InList(c, "@statuses")}
            """, new { hidden, paperId, userId, statuses = VerifiedStatuses }, tx);
        if (n == 0) return false;
        await c.ExecuteAsync("""
            UPDATE author_claims SET hidden_from_profile = @hidden WHERE paper_id = @paperId AND user_id = @userId AND status = 'approved'
            """, new { hidden, paperId, userId }, tx);
        await tx.CommitAsync(ct);
        return true;
    }

    internal static readonly string[] VerifiedStatuses = [AuthorStatus.ClaimedVerified, AuthorStatus.AdminAssigned];

    private sealed record AuthorAt(string Name, string? Status, long? UserId);

    private static Task<AuthorAt?> AuthorAtAsync(DbConnection c, DbTransaction tx, long paperId, int position) =>
        c.QuerySingleOrDefaultAsync<AuthorAt?>(
            "SELECT name, status, user_id FROM paper_authors WHERE paper_id = @paperId AND position = @position", new { paperId, position }, tx);

    private static async Task LinkAuthorAsync(DbConnection c, DbTransaction tx, long paperId, int position, long userId, string status, string now)
    {
        await c.ExecuteAsync("""
            UPDATE paper_authors SET user_id = @userId, status = @status, status_changed_at = @now, hidden = @no
            WHERE paper_id = @paperId AND position = @position
            """, new { userId, status, now, paperId, position, no = false }, tx);
        await c.ExecuteAsync("UPDATE papers SET modified_at = @now WHERE id = @paperId", new { now, paperId }, tx);
        await PaperChangeLog.AppendAsync(c, tx, paperId, now);
    }

    private static Task SetDecisionAsync(DbConnection c, DbTransaction tx, long claimId, string status, long moderatorId, string now, string? reason) =>
        c.ExecuteAsync("""
            UPDATE author_claims SET status = @status, decided_by = @moderatorId, decided_at = @now, reason = @reason WHERE id = @claimId
            """, new { status, moderatorId, now, reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), claimId }, tx);
}
