using DailyPapers.Digests;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Digest;

/// <summary>POST /digest/subscribe (the form on feed pages): records the request and queues the confirmation mail.</summary>
[IgnoreAntiforgeryToken] // see _SubscribeForm.cshtml: nothing to protect, and feed pages are cached
[EnableRateLimiting(DigestSetup.SubscribePolicy)]
public sealed class SubscribeModel(Subscriptions subscriptions, DigestSettings settings) : AppPageModel
{
    public string? Email { get; private set; }

    public IActionResult OnGet() => settings.Enabled ? Page() : ShowProblem(404, "Digests are off", "This site does not send email digests.");

    public async Task<IActionResult> OnPostAsync([FromForm] string? email, [FromForm] string? cadence)
    {
        if (!settings.Enabled) return ShowProblem(404, "Digests are off", "This site does not send email digests.");
        Cadence c;
        if (string.IsNullOrEmpty(cadence) || cadence == "daily") c = Cadence.Daily;
        else if (cadence == "weekly") c = Cadence.Weekly;
        else return ShowProblem(400, "Bad cadence", $"cadence \"{(cadence.Length > 20 ? cadence[..17] + "..." : cadence)}\" must be daily or weekly");
        var (outcome, message) = await subscriptions.SubscribeAsync(email, c, HttpContext.RequestAborted);
        if (outcome == SubscribeOutcome.Invalid) return ShowProblem(400, "Bad email address", message);
        Email = message;
        ViewData["Title"] = "Check your inbox";
        return Page();
    }
}
