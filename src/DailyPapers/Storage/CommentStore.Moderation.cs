using Dapper;

namespace DailyPapers.Storage;

/// <summary>A comment with the paper it is on, for the moderators' list of recent comments.</summary>
public sealed record ModeratedComment(Comment Comment, string ArxivId, string PaperTitle);

public sealed partial class CommentStore
{
    public const int ModerationPageSize = 30;

    /// <summary>
    /// The newest comments across all papers (deleted ones left out), or only the hidden ones, newest first; pages by
    /// id (<paramref name="beforeId"/>: the last id of the previous page) so new comments never shift a page.
    /// </summary>
    public async Task<IReadOnlyList<ModeratedComment>> RecentAsync(bool hiddenOnly, long? beforeId, int limit = ModerationPageSize, CancellationToken ct = default)
    {
        await using var c = await db.OpenAsync(ct);
        var rows = await c.QueryAsync<CommentRow, PaperBrief, ModeratedComment>($"""
            SELECT c.id, c.paper_id, c.parent_id, c.user_id, u.handle, u.deleted_at AS author_deleted_at, c.body, c.html, c.created_at,
                   c.edited_at, c.deleted_at, c.hidden_at, h.handle AS hidden_by_handle, c.hidden_reason, p.arxiv_id, p.title
            FROM comments c JOIN papers p ON p.id = c.paper_id JOIN users u ON u.id = c.user_id LEFT JOIN users h ON h.id = c.hidden_by
            WHERE c.deleted_at IS NULL {(hiddenOnly ? "AND c.hidden_at IS NOT NULL" : "")} {(beforeId is null ? "" : "AND c.id < @beforeId")}
            ORDER BY c.id DESC LIMIT @limit
            """, (r, p) => new ModeratedComment(r.ToComment(), p.ArxivId, p.Title), new { beforeId, limit }, splitOn: "arxiv_id");
        return rows.AsList();
    }

    private sealed class PaperBrief
    {
        public string ArxivId { get; set; } = "";
        public string Title { get; set; } = "";
    }
}
