using DailyPapers.Digests;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Digest;

/// <summary>
/// /digest/unsubscribe?token=…: GET shows a button (link scanners in mail systems follow GETs, so a GET must not
/// unsubscribe); POST unsubscribes. The POST takes no antiforgery token: RFC 8058 one-click requests come from the
/// mail provider with only "List-Unsubscribe=One-Click" in the body; the signed token is the authority.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(Subscriptions subscriptions) : AppPageModel
{
    public string? Email { get; private set; }
    public string? Token { get; private set; }
    public bool Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token)
    {
        var (outcome, s) = await subscriptions.CheckUnsubscribeAsync(token, HttpContext.RequestAborted);
        if (Refused(outcome) is { } problem) return problem;
        Email = s!.Email;
        Token = token;
        Done = outcome == TokenOutcome.AlreadyDone;
        ViewData["Title"] = "Unsubscribe";
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? token)
    {
        var (outcome, s) = await subscriptions.UnsubscribeAsync(token, HttpContext.RequestAborted);
        if (Refused(outcome) is { } problem) return problem;
        Email = s!.Email;
        Done = true;
        ViewData["Title"] = "Unsubscribed";
        return Page();
    }

    private IActionResult? Refused(TokenOutcome outcome) => outcome switch
    {
        TokenOutcome.Invalid => ShowProblem(400, "Invalid link", "This unsubscribe link is not valid: it may have been cut or changed. Use the link in your most recent digest."),
        TokenOutcome.Expired => ShowProblem(410, "Link expired", $"This unsubscribe link has expired (links work for {DigestTokens.UnsubscribeLifetime.TotalDays:0} days). Use the link in your most recent digest."),
        TokenOutcome.Unknown => ShowProblem(404, "Subscription not found", "There is no subscription for this link; nothing more will be sent."),
        _ => null,
    };
}
