using System.Data.Common;
using DailyPapers.Community;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>One comment as stored, with its author's handle (and whether that account was deleted).</summary>
public sealed record Comment
{
    public required long Id { get; init; }
    public required long PaperId { get; init; }
    /// <summary>The top-level comment this one replies to; null for a top-level comment.</summary>
    public long? ParentId { get; init; }
    public required long UserId { get; init; }
    public required string Handle { get; init; }
    public bool AuthorDeleted { get; init; }
    /// <summary>Markdown source (empty once deleted).</summary>
    public required string Body { get; init; }
    /// <summary>Sanitised HTML of <see cref="Body"/>, made when it was written.</summary>
    public required string Html { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? EditedAt { get; init; }
    public DateTimeOffset? DeletedAt { get; init; }
    public DateTimeOffset? HiddenAt { get; init; }
    public string? HiddenByHandle { get; init; }
    public string? HiddenReason { get; init; }

    public bool IsDeleted => DeletedAt is not null;
    public bool IsHidden => HiddenAt is not null;
    /// <summary>Counted in papers.num_comments and shown to everyone.</summary>
    public bool IsVisible => !IsDeleted && !IsHidden;
}

public enum NotificationKind { Mention, Reply }

/// <summary>Someone a write newly notified; <see cref="Email"/> is set only for a confirmed address (mail goes there).</summary>
public sealed record CommentNotice(long UserId, string Handle, string? Email, NotificationKind Kind);

public enum CommentOutcome { Ok, NotFound, Forbidden, Invalid }

/// <summary>The result of a comment write: the comment as it is now, the paper's new count, whom to tell; or why not.</summary>
/// <see cref="MentionsSkipped"/>: mentioned users not notified because the write mentioned more than the cap.
public sealed record CommentWrite(CommentOutcome Outcome, string? Error = null, Comment? Comment = null, int NumComments = 0,
    IReadOnlyList<CommentNotice>? Notices = null, int MentionsSkipped = 0)
{
    public IReadOnlyList<CommentNotice> Notified => Notices ?? [];
    public static CommentWrite Fail(CommentOutcome outcome, string error) => new(outcome, error);
}

/// <summary>
/// Comment threads and the notifications they raise. Every write runs in one transaction that locks the paper row
/// (as a vote does), changes the comment, records notifications against a UNIQUE (user, comment) key, and
/// recomputes the paper's comment count from the table (HF snapshot count + visible local comments, never a
/// counter increment) and its hotness. Markdown is rendered here, at write time, after the mentioned handles are
/// looked up, so the stored HTML links exactly the users that existed. Notifications are in
/// <c>CommentStore.Notifications.cs</c>.
/// </summary>
public sealed partial class CommentStore(Database db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    static CommentStore() => DapperSetup.Init();

    private string Now => SqlTime.Ts(_clock.GetUtcNow())!;

    private const string Select = """
        SELECT c.id, c.paper_id, c.parent_id, c.user_id, u.handle, u.deleted_at AS author_deleted_at, c.body, c.html, c.created_at,
               c.edited_at, c.deleted_at, c.hidden_at, h.handle AS hidden_by_handle, c.hidden_reason
        FROM comments c JOIN users u ON u.id = c.user_id LEFT JOIN users h ON h.id = c.hidden_by
        """;

    /// <summary>Every comment of the paper (deleted and hidden ones too: the caller decides what to show), oldest first.</summary>
    public async Task<IReadOnlyList<Comment>> ListAsync(long paperId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return (await c.QueryAsync<CommentRow>($"{Select} WHERE c.paper_id = @paperId ORDER BY c.id", new { paperId })).Select(r => r.ToComment()).ToList();
    }

    public async Task<Comment?> GetAsync(long commentId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await GetAsync(c, null, commentId);
    }

    private static async Task<Comment?> GetAsync(DbConnection c, DbTransaction? tx, long commentId) =>
        (await c.QueryFirstOrDefaultAsync<CommentRow>($"{Select} WHERE c.id = @commentId", new { commentId }, tx))?.ToComment();

    /// <summary>
    /// Adds a comment by <paramref name="userId"/>, top-level or (with <paramref name="replyTo"/>) a reply. Replies
    /// are one level deep: a reply to a reply goes under the same top-level comment, and the author of the comment
    /// replied to is notified. Mentioned users are notified too (once per comment each, never the writer), the
    /// first <paramref name="maxMentions"/> of them: a comment naming fifty people is a mail cannon, not a conversation.
    /// </summary>
    public async Task<CommentWrite> AddAsync(long paperId, long userId, long? replyTo, string body, int maxLength = CommentRules.DefaultMaxLength,
        CancellationToken ct = default, int maxMentions = int.MaxValue)
    {
        body = CommentRules.Normalize(body ?? "");
        if (CommentRules.BodyProblem(body, maxLength) is { } problem) return CommentWrite.Fail(CommentOutcome.Invalid, problem);
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (!await LockPaperAsync(c, tx, paperId)) return CommentWrite.Fail(CommentOutcome.NotFound, "That paper does not exist.");
        Comment? target = null;
        if (replyTo is { } r)
        {
            target = await GetAsync(c, tx, r);
            if (target is null || target.PaperId != paperId || target.IsDeleted)
                return CommentWrite.Fail(CommentOutcome.NotFound, $"Comment {r} is not on this paper (it may have been deleted).");
            if (target.IsHidden) return CommentWrite.Fail(CommentOutcome.Invalid, "That comment was hidden by a moderator: it takes no replies.");
        }
        var now = Now;
        var (html, mentioned) = await RenderAsync(c, tx, body);
        var id = await c.ExecuteScalarAsync<long>("""
            INSERT INTO comments (paper_id, parent_id, user_id, body, html, created_at) VALUES (@paperId, @parentId, @userId, @body, @html, @now)
            RETURNING id
            """, new { paperId, parentId = target is null ? (long?)null : target.ParentId ?? target.Id, userId, body, html, now }, tx);

        var notices = new List<CommentNotice>();
        if (target is not null && await AccountOfAsync(c, tx, target.UserId) is { } parentAuthor)
            await NotifyAsync(c, tx, parentAuthor, NotificationKind.Reply, paperId, id, userId, now, notices);
        var skipped = await NotifyMentionsAsync(c, tx, mentioned, maxMentions, paperId, id, userId, now, notices);
        var count = await RecountAsync(c, tx, paperId, now);
        var comment = (await GetAsync(c, tx, id))!;
        await tx.CommitAsync(ct);
        return new CommentWrite(CommentOutcome.Ok, Comment: comment, NumComments: count, Notices: notices, MentionsSkipped: skipped);
    }

    /// <summary>
    /// Replaces the text of the user's own comment; users mentioned for the first time are notified, at most
    /// <paramref name="maxMentions"/> per edit.
    /// </summary>
    public async Task<CommentWrite> EditAsync(long commentId, long userId, string body, int maxLength = CommentRules.DefaultMaxLength,
        CancellationToken ct = default, int maxMentions = int.MaxValue)
    {
        body = CommentRules.Normalize(body ?? "");
        if (CommentRules.BodyProblem(body, maxLength) is { } problem) return CommentWrite.Fail(CommentOutcome.Invalid, problem);
        var skipped = 0;
        var write = await ChangeAsync(commentId, userId, own: true, async (c, tx, comment, now) =>
        {
            if (comment.Body == body) return []; // nothing changed: not "edited"
            var (html, mentioned) = await RenderAsync(c, tx, body);
            await c.ExecuteAsync("UPDATE comments SET body = @body, html = @html, edited_at = @now WHERE id = @commentId",
                new { body, html, now, commentId }, tx);
            var notices = new List<CommentNotice>();
            skipped = await NotifyMentionsAsync(c, tx, mentioned, maxMentions, comment.PaperId, commentId, userId, now, notices);
            return notices;
        }, ct);
        return write with { MentionsSkipped = skipped };
    }

    /// <summary>
    /// The user's own delete: soft, the text is emptied. A deleted comment that has replies stays as a "comment
    /// deleted" placeholder so the replies keep their place; without replies it is no longer shown.
    /// </summary>
    public Task<CommentWrite> DeleteAsync(long commentId, long userId, CancellationToken ct = default) =>
        ChangeAsync(commentId, userId, own: true, async (c, tx, _, now) =>
        {
            await c.ExecuteAsync("UPDATE comments SET body = '', html = '', deleted_at = @now WHERE id = @commentId", new { now, commentId }, tx);
            return [];
        }, ct);

    /// <summary>A moderator hides a comment: everyone sees the reason in its place; moderators still see the text.</summary>
    public async Task<CommentWrite> HideAsync(long commentId, long moderatorId, string reason, CancellationToken ct = default)
    {
        if (CommentRules.ReasonProblem(reason) is { } problem) return CommentWrite.Fail(CommentOutcome.Invalid, problem);
        return await ChangeAsync(commentId, moderatorId, own: false, async (c, tx, _, now) =>
        {
            await c.ExecuteAsync("UPDATE comments SET hidden_at = @now, hidden_by = @moderatorId, hidden_reason = @reason WHERE id = @commentId",
                new { now, moderatorId, reason = reason.Trim(), commentId }, tx);
            return [];
        }, ct);
    }

    public Task<CommentWrite> UnhideAsync(long commentId, long moderatorId, CancellationToken ct = default) =>
        ChangeAsync(commentId, moderatorId, own: false, async (c, tx, _, _) =>
        {
            await c.ExecuteAsync("UPDATE comments SET hidden_at = NULL, hidden_by = NULL, hidden_reason = NULL WHERE id = @commentId", new { commentId }, tx);
            return [];
        }, ct);

    /// <summary>
    /// The shared shape of a change to an existing comment: find it, lock its paper (same lock order as adding and
    /// voting), check ownership when <paramref name="own"/>, apply, recount, commit. Deleted comments are gone.
    /// </summary>
    private async Task<CommentWrite> ChangeAsync(long commentId, long userId, bool own,
        Func<DbConnection, DbTransaction, Comment, string, Task<List<CommentNotice>>> apply, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var paperId = await c.ExecuteScalarAsync<long?>("SELECT paper_id FROM comments WHERE id = @commentId", new { commentId }, tx);
        if (paperId is null) return CommentWrite.Fail(CommentOutcome.NotFound, $"There is no comment {commentId}.");
        await LockPaperAsync(c, tx, paperId.Value);
        var comment = await GetAsync(c, tx, commentId);
        if (comment is null || comment.IsDeleted) return CommentWrite.Fail(CommentOutcome.NotFound, $"Comment {commentId} was deleted.");
        if (own && comment.UserId != userId) return CommentWrite.Fail(CommentOutcome.Forbidden, "You can only change your own comments.");
        var now = Now;
        var notices = await apply(c, tx, comment, now);
        var count = await RecountAsync(c, tx, comment.PaperId, now);
        var after = (await GetAsync(c, tx, commentId))!;
        await tx.CommitAsync(ct);
        return new CommentWrite(CommentOutcome.Ok, Comment: after, NumComments: count, Notices: notices);
    }

    private async Task<bool> LockPaperAsync(DbConnection c, DbTransaction tx, long paperId) =>
        await c.ExecuteScalarAsync<long?>($"SELECT id FROM papers WHERE id = @paperId{db.Dialect.ForUpdate}", new { paperId }, tx) is not null;

    /// <summary>
    /// num_comments = the HF snapshot's count + this site's visible comments (not deleted, not hidden), then the
    /// hotness that depends on it, and a change-log row so search indexes and cards pick up the new count.
    /// </summary>
    private static async Task<int> RecountAsync(DbConnection c, DbTransaction tx, long paperId, string now)
    {
        var row = await c.QuerySingleAsync<(int Upvotes, int NumComments, string? FirstFeaturedAt, string? PublishedAt, string CreatedAt)>("""
            UPDATE papers SET num_comments = hf_num_comments
                + (SELECT COUNT(*) FROM comments WHERE paper_id = @paperId AND deleted_at IS NULL AND hidden_at IS NULL),
                modified_at = @now
            WHERE id = @paperId
            RETURNING upvotes, num_comments, first_featured_at, published_at, created_at
            """, new { paperId, now }, tx);
        await c.ExecuteAsync(PaperStore.SetHotnessSql, new
        {
            hotness = PaperStore.HotnessOf(row.Upvotes, row.NumComments, row.FirstFeaturedAt, row.PublishedAt, row.CreatedAt),
            paper_id = paperId,
        }, tx);
        await PaperChangeLog.AppendAsync(c, tx, paperId, now);
        return row.NumComments;
    }
}
