using DailyPapers.Digests;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Digest;

/// <summary>GET /digest/confirm?token=…: the link of the confirmation mail (double opt-in).</summary>
public sealed class ConfirmModel(Subscriptions subscriptions) : AppPageModel
{
    public string? Email { get; private set; }
    public bool Already { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? token)
    {
        var (outcome, s) = await subscriptions.ConfirmAsync(token, HttpContext.RequestAborted);
        switch (outcome)
        {
            case TokenOutcome.Invalid: return ShowProblem(400, "Invalid link", "This confirmation link is not valid: it may have been cut or changed. Copy the whole link from the mail, or subscribe again.");
            case TokenOutcome.Expired: return ShowProblem(410, "Link expired", $"This confirmation link has expired (links work for {DigestTokens.ConfirmLifetime.TotalDays:0} days). Please subscribe again.");
            case TokenOutcome.Unknown: return ShowProblem(404, "Subscription not found", "This subscription no longer exists. Please subscribe again.");
        }
        if (s!.Status != "confirmed") return ShowProblem(409, "Not confirmed", $"This address is {s.Status}; subscribe again to receive the digest.");
        Email = s.Email;
        Already = outcome == TokenOutcome.AlreadyDone;
        ViewData["Title"] = "Subscription confirmed";
        return Page();
    }
}
