using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Pages.Account;
using DailyPapers.Web.Submissions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages;

/// <summary>
/// /papers/submit: put a paper on today's feed by pasting its arXiv id or link. The rules in force are listed on
/// the page; every one is checked again by the store when the form is posted.
/// </summary>
[Authorize(Policy = AuthNames.SignedIn)]
public sealed class SubmitModel(PaperSubmitter submitter, SubmissionStore submissions, PaperStore papers, SubmitLimiter limiter) : AccountPageModel
{
    /// <summary>How many organisations the name field suggests.</summary>
    private const int OrganizationSuggestions = 500;

    [BindProperty] public string? Paper { get; set; }
    [BindProperty] public string? Organization { get; set; }
    [BindProperty] public string? Comment { get; set; }
    [BindProperty] public string? MediaUrls { get; set; }

    public SubmissionSettings Settings => submitter.Settings;
    public IReadOnlyList<OrganizationChoice> Organizations { get; private set; } = [];
    public int SubmittedToday { get; private set; }
    public bool Privileged => User.Role() is Role.Moderator or Role.Admin;
    /// <summary>Where the paper already is, when the post was a duplicate.</summary>
    public string? ExistingUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Paper = Request.Query["paper"].FirstOrDefault();
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var userId = User.UserId()!.Value;
        if (await limiter.RefuseAsync(userId, ct) is { } seconds)
        {
            Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return StatusCode(StatusCodes.Status429TooManyRequests); // the status-code page says "Too many requests"
        }
        var result = await submitter.SubmitAsync(userId, new SubmissionForm(Paper, Organization, Comment, SubmissionInput.Lines(MediaUrls)), ct);
        if (result.Outcome == SubmitOutcome.Featured)
            return Redirect($"/papers/{result.ArxivId}?submitted=1");
        if (result.Outcome == SubmitOutcome.Duplicate) ExistingUrl = "/papers/" + result.ArxivId;
        Error(result.Message);
        Response.StatusCode = SubmissionEndpoints.Status(result.Outcome);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Submit a paper";
        Organizations = await papers.GetOrganizationChoicesAsync(OrganizationSuggestions, ct);
        SubmittedToday = await submissions.CountTodayAsync(User.UserId()!.Value, ct);
    }

    /// <summary>The rules in force, in words, for the list on the page.</summary>
    public IEnumerable<string> Rules()
    {
        var s = Settings;
        yield return s.WhoMaySubmit switch
        {
            SubmitterPolicy.Moderators => "Only moderators can submit papers on this site.",
            SubmitterPolicy.ClaimedAuthors => "Only verified authors — people who have claimed one of their papers — and moderators can submit.",
            _ => "Anyone with a confirmed email address can submit.",
        };
        yield return s.MaxPaperAgeDays > 0
            ? $"The paper must have appeared on arXiv in the last {s.MaxPaperAgeDays} days."
            : "Papers of any age can be submitted.";
        if (s.NoWeekendSubmissions) yield return "Submissions are closed on Saturdays and Sundays (UTC).";
        if (s.DailyQuotaPerUser > 0)
            yield return Privileged
                ? $"Members can submit {Fmt.Plural(s.DailyQuotaPerUser, "paper", "papers")} a day (UTC); moderators are not limited."
                : $"You can submit {Fmt.Plural(s.DailyQuotaPerUser, "paper", "papers")} a day (UTC); you have submitted {SubmittedToday} today.";
        yield return "A paper is featured once: if it is already on the feed, you get a link to it.";
    }
}
