using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Moderation;

/// <summary>
/// /moderation/comments: the newest comments on every paper (or only the hidden ones), so moderators find abuse
/// without opening each paper. Hide and show again post to the discussion's own forms (/comments/hide|unhide) and
/// come back here.
/// </summary>
[Authorize(Policy = AuthNames.ModeratorPolicy)]
public sealed class CommentsModel(CommentStore comments) : AppPageModel
{
    public IReadOnlyList<ModeratedComment> Items { get; private set; } = [];
    public bool HiddenOnly { get; private set; }
    public long? Before { get; private set; }
    public long? NextBefore { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? show, long? before, CancellationToken ct)
    {
        ViewData["Title"] = "Comments";
        if (show is not (null or "" or "all" or "hidden"))
            return ShowProblem(400, "Unknown filter", $"\"{show}\" is not a filter here: use show=all or show=hidden.");
        if (before is <= 0) return ShowProblem(400, "Bad page", "before= takes the id of the last comment on the previous page.");
        HiddenOnly = show == "hidden";
        Before = before;
        Items = await comments.RecentAsync(HiddenOnly, before, CommentStore.ModerationPageSize + 1, ct);
        if (Items.Count > CommentStore.ModerationPageSize)
        {
            Items = Items.Take(CommentStore.ModerationPageSize).ToList();
            NextBefore = Items[^1].Comment.Id;
        }
        return Page();
    }

    public string Here => HttpContext.Request.Path + HttpContext.Request.QueryString;
}
