using DailyPapers.Storage;

namespace DailyPapers.Web.Comments;

/// <summary>A top-level comment and its replies (one level deep), as shown.</summary>
public sealed record CommentNode(Comment Comment, IReadOnlyList<Comment> Replies);

/// <summary>What of a paper's comments is shown, in order: the same on the page and in the API.</summary>
public static class CommentThread
{
    /// <summary>
    /// Top-level comments oldest first, each with its replies oldest first. Deleted replies disappear; a deleted
    /// top-level comment stays only as a placeholder when it still has replies. Hidden comments stay (the view
    /// shows the moderator's reason in their place).
    /// </summary>
    public static IReadOnlyList<CommentNode> Build(IReadOnlyList<Comment> all)
    {
        var replies = all.Where(c => c.ParentId is not null && !c.IsDeleted).ToLookup(c => c.ParentId!.Value);
        return all.Where(c => c.ParentId is null)
            .Select(c => new CommentNode(c, replies[c.Id].OrderBy(r => r.Id).ToList()))
            .Where(n => !n.Comment.IsDeleted || n.Replies.Count > 0)
            .OrderBy(n => n.Comment.Id)
            .ToList();
    }

    /// <summary>The thread flattened: each top-level comment followed by its replies.</summary>
    public static IEnumerable<Comment> Flatten(IReadOnlyList<CommentNode> thread) =>
        thread.SelectMany(n => n.Replies.Prepend(n.Comment));
}
