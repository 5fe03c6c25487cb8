using System.Data.Common;
using DailyPapers.Community;
using Dapper;

namespace DailyPapers.Storage;

/// <summary>One line of a user's notifications page.</summary>
public sealed record Notification(long Id, NotificationKind Kind, long CommentId, string ArxivId, string PaperTitle, string ActorHandle,
    bool ActorDeleted, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt)
{
    public bool IsRead => ReadAt is not null;
}

public sealed partial class CommentStore
{
    /// <summary>
    /// The comment's HTML and the users it mentions. The handles written in the source are looked up first
    /// (case-insensitively, deleted accounts excluded), then the source is rendered linking only those.
    /// </summary>
    private static async Task<(string Html, List<UserRow> Mentioned)> RenderAsync(DbConnection c, DbTransaction tx, string body)
    {
        var written = new CommentRenderer(_ => true).Render(body).Mentions.Select(h => h.ToLowerInvariant()).Distinct().ToArray();
        var users = new Dictionary<string, UserRow>(StringComparer.OrdinalIgnoreCase);
        if (written.Length > 0)
            foreach (var u in await c.QueryAsync<UserRow>(
                $"SELECT {UserColumns} FROM users WHERE lower(handle) {Dialect.InList(c, "@written")} AND deleted_at IS NULL", new { written }, tx))
                users[u.Handle] = u;
        var rendered = new CommentRenderer(users.ContainsKey).Render(body);
        return (rendered.Html, rendered.Mentions.Select(h => users[h]).ToList());
    }

    private const string UserColumns = "id, handle, origin, email, email_confirmed_at, deleted_at";

    private static Task<UserRow?> AccountOfAsync(DbConnection c, DbTransaction tx, long userId) =>
        c.QueryFirstOrDefaultAsync<UserRow?>($"SELECT {UserColumns} FROM users WHERE id = @userId", new { userId }, tx);

    /// <summary>
    /// Records a notification unless the user is the writer, is not a local account (HF-imported people cannot
    /// sign in to read it), was deleted, or was already notified about this comment (the UNIQUE key). Adds a
    /// notice for each row actually made, so the caller mails each person at most once per comment.
    /// </summary>
    private static async Task NotifyAsync(DbConnection c, DbTransaction tx, UserRow to, NotificationKind kind, long paperId, long commentId,
        long actorId, string now, List<CommentNotice> notices)
    {
        if (to.Id == actorId || to.Origin != AccountStore.LocalOrigin || to.DeletedAt is not null) return;
        var made = await c.ExecuteScalarAsync<long?>("""
            INSERT INTO notifications (user_id, kind, paper_id, comment_id, actor_id, created_at)
            VALUES (@userId, @kind, @paperId, @commentId, @actorId, @now)
            ON CONFLICT (user_id, comment_id) DO NOTHING
            RETURNING id
            """, new { userId = to.Id, kind = KindName(kind), paperId, commentId, actorId, now }, tx);
        if (made is not null)
            notices.Add(new CommentNotice(to.Id, to.Handle, to.EmailConfirmedAt is null ? null : to.Email, kind));
    }

    /// <summary>
    /// Notifies the first <paramref name="max"/> mentioned users who can be notified; returns how many more were
    /// mentioned and not notified (the writer, imported and already-notified people do not count against the cap).
    /// </summary>
    private static async Task<int> NotifyMentionsAsync(DbConnection c, DbTransaction tx, IReadOnlyList<UserRow> mentioned, int max,
        long paperId, long commentId, long actorId, string now, List<CommentNotice> notices)
    {
        var made = 0;
        var skipped = 0;
        foreach (var m in mentioned)
        {
            if (made >= max)
            {
                if (m.Id != actorId && m.Origin == AccountStore.LocalOrigin && m.DeletedAt is null) skipped++;
                continue;
            }
            var before = notices.Count;
            await NotifyAsync(c, tx, m, NotificationKind.Mention, paperId, commentId, actorId, now, notices);
            made += notices.Count - before;
        }
        return skipped;
    }

    private static string KindName(NotificationKind k) => k == NotificationKind.Reply ? "reply" : "mention";

    /// <summary>Notifications about comments still shown (not deleted, not hidden), newest first.</summary>
    public async Task<IReadOnlyList<Notification>> ListNotificationsAsync(long userId, int limit = 100, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<NotificationRow>("""
            SELECT n.id, n.kind, n.comment_id, p.arxiv_id, p.title, a.handle AS actor, a.deleted_at AS actor_deleted_at, n.created_at, n.read_at
            FROM notifications n
            JOIN comments c ON c.id = n.comment_id JOIN papers p ON p.id = n.paper_id JOIN users a ON a.id = n.actor_id
            WHERE n.user_id = @userId AND c.deleted_at IS NULL AND c.hidden_at IS NULL
            ORDER BY n.id DESC LIMIT @limit
            """, new { userId, limit });
        return rows.Select(r => new Notification(r.Id, r.Kind == "reply" ? NotificationKind.Reply : NotificationKind.Mention, r.CommentId, r.ArxivId,
            r.Title, r.Actor, r.ActorDeletedAt is not null, SqlTime.ParseTs(r.CreatedAt)!.Value, SqlTime.ParseTs(r.ReadAt))).ToList();
    }

    public async Task<int> UnreadCountAsync(long userId, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteScalarAsync<int>("""
            SELECT COUNT(*) FROM notifications n JOIN comments c ON c.id = n.comment_id
            WHERE n.user_id = @userId AND n.read_at IS NULL AND c.deleted_at IS NULL AND c.hidden_at IS NULL
            """, new { userId });
    }

    /// <summary>Marks one of the user's notifications read (or all of them when <paramref name="notificationId"/> is null); returns how many changed.</summary>
    public async Task<int> MarkReadAsync(long userId, long? notificationId = null, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        return await c.ExecuteAsync($"""
            UPDATE notifications SET read_at = @now WHERE user_id = @userId AND read_at IS NULL{(notificationId is null ? "" : " AND id = @notificationId")}
            """, new { userId, notificationId, now = Now });
    }

    private sealed class NotificationRow
    {
        public long Id { get; set; }
        public string Kind { get; set; } = "";
        public long CommentId { get; set; }
        public string ArxivId { get; set; } = "";
        public string Title { get; set; } = "";
        public string Actor { get; set; } = "";
        public string? ActorDeletedAt { get; set; }
        public string CreatedAt { get; set; } = "";
        public string? ReadAt { get; set; }
    }

    private sealed class UserRow
    {
        public long Id { get; set; }
        public string Handle { get; set; } = "";
        public string Origin { get; set; } = "";
        public string? Email { get; set; }
        public string? EmailConfirmedAt { get; set; }
        public string? DeletedAt { get; set; }
    }

    private sealed class CommentRow
    {
        public long Id { get; set; }
        public long PaperId { get; set; }
        public long? ParentId { get; set; }
        public long UserId { get; set; }
        public string Handle { get; set; } = "";
        public string? AuthorDeletedAt { get; set; }
        public string Body { get; set; } = "";
        public string Html { get; set; } = "";
        public string CreatedAt { get; set; } = "";
        public string? EditedAt { get; set; }
        public string? DeletedAt { get; set; }
        public string? HiddenAt { get; set; }
        public string? HiddenByHandle { get; set; }
        public string? HiddenReason { get; set; }

        public Comment ToComment() => new()
        {
            Id = Id, PaperId = PaperId, ParentId = ParentId, UserId = UserId, Handle = Handle, AuthorDeleted = AuthorDeletedAt is not null,
            Body = Body, Html = Html, CreatedAt = SqlTime.ParseTs(CreatedAt)!.Value, EditedAt = SqlTime.ParseTs(EditedAt),
            DeletedAt = SqlTime.ParseTs(DeletedAt), HiddenAt = SqlTime.ParseTs(HiddenAt), HiddenByHandle = HiddenByHandle, HiddenReason = HiddenReason,
        };
    }
}
