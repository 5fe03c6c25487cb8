using System.Globalization;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Comments;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Web.Pages.Comments;

/// <summary>
/// The targets of the discussion's forms: POST /comments/add|edit|delete|hide|unhide. Success redirects back to the
/// comment on the paper page (no JavaScript needed); bad input shows the form again here with the message and the
/// text kept. Anonymous posts go to sign-in (the page requires an account); posts without the antiforgery token
/// get 400; changing someone else's comment or hiding without the moderator role gets 403; beyond the "comment"
/// rate limit, 429.
/// </summary>
[Authorize(Policy = AuthNames.SignedIn)]
public sealed class WriteModel(CommentService comments, PaperStore papers) : AppPageModel
{
    [BindProperty] public string? Paper { get; set; }
    [BindProperty] public long? Parent { get; set; }
    [BindProperty] public long? Comment { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Reason { get; set; }
    /// <summary>Where to go after a hide/unhide from the moderators' list (a local path); otherwise the comment.</summary>
    [BindProperty] public string? ReturnUrl { get; set; }

    /// <summary>Set when the form is shown again: what was wrong, which action, and the paper it is about.</summary>
    public string? Error { get; private set; }
    public string Action { get; private set; } = "add";
    public PaperView? PaperView { get; private set; }
    public int MaxLength => comments.Settings.MaxLength;

    /// <summary>A GET (e.g. the way back from sign-in after an anonymous post) has nothing to do here.</summary>
    public IActionResult OnGet() => LocalRedirect("/papers");

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if ((await Http.PaperLookup.FindAsync(papers, Paper, ct)).Paper is not { } paper)
            return ShowProblem(404, "Paper not found", $"There is no paper \"{Paper}\" to comment on.");
        return Answer("add", paper, await comments.AddAsync(Request, User.UserId()!.Value, paper, Parent, Body, ct));
    }

    public Task<IActionResult> OnPostEditAsync(CancellationToken ct) =>
        OnCommentAsync("edit", (paper, me) => comments.EditAsync(Request, me, paper, Comment!.Value, Body, ct), ct);

    public Task<IActionResult> OnPostDeleteAsync(CancellationToken ct) =>
        OnCommentAsync("delete", (paper, me) => comments.DeleteAsync(Request, me, paper, Comment!.Value, ct), ct);

    public Task<IActionResult> OnPostHideAsync(CancellationToken ct) =>
        OnCommentAsync("hide", (_, _) => comments.HideAsync(User, Comment!.Value, hide: true, Reason, ct), ct);

    public Task<IActionResult> OnPostUnhideAsync(CancellationToken ct) =>
        OnCommentAsync("unhide", (_, _) => comments.HideAsync(User, Comment!.Value, hide: false, null, ct), ct);

    private async Task<IActionResult> OnCommentAsync(string action, Func<PaperView, long, Task<CommentAttempt>> write, CancellationToken ct)
    {
        if (Comment is not { } commentId || await comments.FindAsync(commentId, ct) is not { } found)
            return ShowProblem(404, "Comment not found", $"There is no comment {Comment} (it may have been deleted).");
        return Answer(action, found.Paper, await write(found.Paper, User.UserId()!.Value));
    }

    private IActionResult Answer(string action, PaperView paper, CommentAttempt attempt)
    {
        if (attempt.Limited)
        {
            // The form comes back with the text kept, so nothing typed is lost while waiting.
            Response.Headers.RetryAfter = attempt.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            return Again(StatusCodes.Status429TooManyRequests, action, paper,
                $"You have written many comments in a short time: try again in {attempt.RetryAfterSeconds} seconds.");
        }
        var w = attempt.Write!;
        switch (w.Outcome)
        {
            case CommentOutcome.Ok:
                if (action is "hide" or "unhide" && !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
                    return LocalRedirect(ReturnUrl);
                var anchor = action == "delete" ? "comments" : $"comment-{w.Comment!.Id}";
                return LocalRedirect($"/papers/{paper.Paper.ArxivId}#{anchor}");
            case CommentOutcome.NotFound:
                return ShowProblem(404, "Comment not found", w.Error!);
            case CommentOutcome.Forbidden:
                return ShowProblem(403, "Not allowed", w.Error!);
            default:
                return Again(StatusCodes.Status400BadRequest, action, paper, w.Error!);
        }
    }

    private PageResult Again(int status, string action, PaperView paper, string error)
    {
        Response.StatusCode = status;
        Action = action;
        PaperView = paper;
        Error = error;
        ViewData["Title"] = action == "hide" ? "Hide a comment" : "Your comment";
        return Page();
    }
}
