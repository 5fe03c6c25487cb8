using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Comments;

namespace DailyPapers.Web.Pages;

/// <summary>The paper page's discussion (drawn by Shared/_PaperComments.cshtml; its forms post to /comments/…).</summary>
public sealed partial class PaperModel
{
    public IReadOnlyList<CommentNode> Discussion { get; private set; } = [];
    public long? CommenterId { get; private set; }
    public bool CommentModerator { get; private set; }
    public int CommentMaxLength { get; private set; } = DailyPapers.Community.CommentRules.DefaultMaxLength;

    /// <summary>
    /// Anonymous visitors get the thread with no forms and no personal state, so their page may stay in the
    /// output cache; signed-in requests are never cached (see WebHost), so forms and moderator views are theirs alone.
    /// </summary>
    private async Task LoadCommentsAsync()
    {
        var all = await HttpContext.RequestServices.GetRequiredService<CommentStore>().ListAsync(View!.Id, HttpContext.RequestAborted);
        Discussion = CommentThread.Build(all);
        CommenterId = User.UserId();
        CommentModerator = CommentService.IsModerator(User);
        CommentMaxLength = HttpContext.RequestServices.GetRequiredService<CommentSettings>().MaxLength;
    }
}

/// <summary>One comment as the thread partial draws it.</summary>
public sealed record CommentItem(Storage.Comment Comment, PaperModel Page, bool IsReply)
{
    public bool IsOwn => Page.CommenterId == Comment.UserId;
    public string When => Comment.CreatedAt.UtcDateTime.ToString("MMM d, yyyy 'at' HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
