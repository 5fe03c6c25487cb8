using System.Data.Common;
using DailyPapers.Community;
using DailyPapers.Papers;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DailyPapers.Storage;

public enum SubmitOutcome
{
    /// <summary>The paper is on today's feed.</summary>
    Featured,
    /// <summary>The paper is not in the database: fetch it from arXiv and call again with it.</summary>
    NeedsFetch,
    /// <summary>A rule refused it (<see cref="SubmitResult.Kind"/> says which).</summary>
    Refused,
    /// <summary>The paper already has a feed entry (<see cref="SubmitResult.FeedDate"/>).</summary>
    Duplicate,
    UnknownOrganization,
    /// <summary>The account does not exist (any more).</summary>
    NoAccount,
    BadInput,
    NotOnArxiv,
    ArxivUnreachable,
}

public sealed record SubmitResult(SubmitOutcome Outcome, string Message, string ArxivId = "")
{
    public SubmissionRefusalKind? Kind { get; init; }
    public long PaperId { get; init; }
    public DateOnly? FeedDate { get; init; }
}

/// <summary>The submitter's part of a submitted paper, for the paper page.</summary>
public sealed record SubmissionNote(string Handle, string? FullName, DateOnly FeedDate, DateTimeOffset? SubmittedAt,
    string? OrganizationName, string? OrganizationFullName, string? Comment, IReadOnlyList<string> MediaUrls);

/// <summary>
/// Featuring papers that users submit. A submission runs in one transaction that holds the submissions lock
/// (PostgreSQL: an advisory lock; SQLite: the write transaction), re-checks every rule against what is stored
/// now, stores the paper when it came from arXiv (the import's merge path, so the change log and the search
/// indexes see it), writes the feed entry and recomputes the paper's counters. Two people submitting one paper
/// at once: the second sees the first's entry and gets the duplicate answer; the partial UNIQUE index on
/// submitted entries is the backstop.
/// </summary>
public sealed class SubmissionStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly PaperStore _papers = new(db, clock);
    public const string Source = "submitted";
    private const long LockKey = 0x4450_0008; // LockKeys style: "DP" + migration number of this feature

    static SubmissionStore() => DapperSetup.Init();

    public TimeProvider Clock => _clock;

    /// <summary>Today's feed date (UTC) on this store's clock.</summary>
    public DateOnly Today => DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// Submits <paramref name="request"/> for <paramref name="userId"/>. Without <paramref name="fetched"/>, a paper
    /// missing from the database answers <see cref="SubmitOutcome.NeedsFetch"/> once every rule that does not need
    /// the paper has passed, so nobody waits for arXiv only to be refused.
    /// </summary>
    public async Task<SubmitResult> SubmitAsync(long userId, SubmissionRequest request, SubmissionSettings settings, Paper? fetched = null,
        CancellationToken ct = default)
    {
        // A unique violation means a concurrent writer (a harvest storing the same paper, or a submission that got
        // past the lock on another engine); once more sees its row and answers from it.
        for (var attempt = 1; ; attempt++)
        {
            try { return await TrySubmitAsync(userId, request, settings, fetched, ct); }
            catch (DbException e) when (attempt == 1 && IsUniqueViolation(e)) { }
        }
    }

    private async Task<SubmitResult> TrySubmitAsync(long userId, SubmissionRequest request, SubmissionSettings settings, Paper? fetched, CancellationToken ct)
    {
        var id = request.Id.Id;
        var nowAt = _clock.GetUtcNow();
        var now = SqlTime.Ts(nowAt)!;
        var today = SqlTime.Date(DateOnly.FromDateTime(nowAt.UtcDateTime));
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(db.Dialect.TransactionLockSql(LockKey), transaction: tx);

        var user = await c.QuerySingleOrDefaultAsync<(string Role, string? ConfirmedAt, string? DeletedAt)>(
            "SELECT role, email_confirmed_at, deleted_at FROM users WHERE id = @userId", new { userId }, tx);
        if (user.Role is null || user.DeletedAt is not null)
            return new(SubmitOutcome.NoAccount, "Your account no longer exists; sign in again.", id);

        long? orgId = null;
        if (request.Organization is { } orgName)
        {
            orgId = await c.QueryFirstOrDefaultAsync<long?>(
                "SELECT id FROM organizations WHERE lower(name) = lower(@orgName) ORDER BY id LIMIT 1", new { orgName }, tx);
            if (orgId is null)
                return new(SubmitOutcome.UnknownOrganization, $"There is no organisation \"{orgName}\" here; pick one from the list or leave the field empty.", id);
        }

        var paper = await c.QueryFirstOrDefaultAsync<PaperKey>("SELECT id, published_at FROM papers WHERE arxiv_id = @id", new { id }, tx);
        var featuredOn = paper is not null
            ? await c.QueryFirstOrDefaultAsync<string?>("SELECT MIN(feed_date) FROM daily_entries WHERE paper_id = @pid", new { pid = paper.Id }, tx)
            : null;
        var hasClaimed = await c.ExecuteScalarAsync<long>($"""
            SELECT COUNT(*) FROM paper_authors WHERE user_id = @userId AND status IN ('{AuthorStatus.ClaimedVerified}', '{AuthorStatus.AdminAssigned}')
            """, new { userId }, tx) > 0;
        var submittedToday = await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM daily_entries WHERE submitted_by = @userId AND feed_date = @today AND source = @Source",
            new { userId, today, Source }, tx);
        var published = paper is not null ? SqlTime.ParseTs(paper.PublishedAt) : fetched?.PublishedAt;

        var context = new SubmissionContext(AccountStore.ParseRole(user.Role), user.ConfirmedAt is not null, hasClaimed,
            (int)Math.Min(submittedToday, int.MaxValue), published, featuredOn is not null, nowAt);
        if (SubmissionRules.Evaluate(settings, context) is { } refusal)
        {
            if (refusal.Kind == SubmissionRefusalKind.Duplicate)
            {
                var on = SqlTime.ParseDate(featuredOn!);
                return new(SubmitOutcome.Duplicate, $"{id} is already on the daily feed of {SqlTime.Date(on)}.", id)
                    { Kind = refusal.Kind, PaperId = paper!.Id, FeedDate = on };
            }
            return new(SubmitOutcome.Refused, refusal.Message, id) { Kind = refusal.Kind };
        }

        long paperId;
        if (paper is not null) paperId = paper.Id;
        else if (fetched is null) return new(SubmitOutcome.NeedsFetch, $"{id} is not stored here yet", id);
        else
        {
            if (fetched.ArxivId != id) throw new ArgumentException($"submit {id}: the fetched paper is {fetched.ArxivId}", nameof(fetched));
            await _papers.ImportBatchAsync(c, tx, [new ImportRecord(fetched)], ct);
            paperId = await c.ExecuteScalarAsync<long>("SELECT id FROM papers WHERE arxiv_id = @id", new { id }, tx);
        }

        await c.ExecuteAsync("""
            INSERT INTO daily_entries (paper_id, feed_date, submitted_at, submitted_by, organization_id, source, comment, media_urls, created_at)
            VALUES (@paperId, @today, @now, @userId, @orgId, @Source, @comment, @media, @now)
            """, new { paperId, today, now, userId, orgId, Source, comment = request.Comment, media = JsonList.Write(request.MediaUrls) }, tx);
        // The submitter's media become the paper's when it has none (HF shows them on the card and the page).
        if (request.MediaUrls.Count > 0)
            await c.ExecuteAsync("UPDATE papers SET media_urls = @media, modified_at = @now WHERE id = @paperId AND media_urls = '[]'",
                new { media = JsonList.Write(request.MediaUrls), now, paperId }, tx);
        // Featuring moves first_featured_at and so the hotness; the change log tells every node's search index.
        await PaperStore.RecomputeCountersAsync(c, tx, paperId);
        await PaperChangeLog.AppendAsync(c, tx, paperId, now);
        await tx.CommitAsync(ct);
        return new(SubmitOutcome.Featured, $"{id} is on today's feed.", id) { PaperId = paperId, FeedDate = SqlTime.ParseDate(today) };
    }

    /// <summary>The user's submissions on today's feed (for the quota shown on the page).</summary>
    public async Task<int> CountTodayAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (int)await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM daily_entries WHERE submitted_by = @userId AND feed_date = @today AND source = @Source",
            new { userId, today = SqlTime.Date(Today), Source });
    }

    /// <summary>The submission that featured the paper, or null when users did not submit it.</summary>
    public async Task<SubmissionNote?> GetNoteAsync(long paperId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var row = await c.QueryFirstOrDefaultAsync<NoteRow>("""
            SELECT u.handle, u.full_name, e.feed_date, e.submitted_at, o.name AS org_name, o.full_name AS org_full_name, e.comment, e.media_urls
            FROM daily_entries e
            LEFT JOIN users u ON u.id = e.submitted_by
            LEFT JOIN organizations o ON o.id = e.organization_id
            WHERE e.paper_id = @paperId AND e.source = @Source
            """, new { paperId, Source });
        return row is null ? null : new SubmissionNote(row.Handle ?? "deleted user", row.FullName, SqlTime.ParseDate(row.FeedDate),
            SqlTime.ParseTs(row.SubmittedAt), row.OrgName, row.OrgFullName, row.Comment, JsonList.Read(row.MediaUrls));
    }

    private sealed class PaperKey
    {
        public long Id { get; set; }
        public string? PublishedAt { get; set; }
    }

    private sealed class NoteRow
    {
        public string? Handle { get; set; }
        public string? FullName { get; set; }
        public string FeedDate { get; set; } = "";
        public string? SubmittedAt { get; set; }
        public string? OrgName { get; set; }
        public string? OrgFullName { get; set; }
        public string? Comment { get; set; }
        public string MediaUrls { get; set; } = "[]";
    }

    private static bool IsUniqueViolation(DbException e) => e switch
    {
        SqliteException s => s.SqliteErrorCode == 19, // SQLITE_CONSTRAINT (UNIQUE among them)
        PostgresException p => p.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
