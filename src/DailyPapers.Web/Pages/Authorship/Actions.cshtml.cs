using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Authorship;

/// <summary>
/// The paper page's authorship forms post here: claim an author entry, withdraw a claim, hide a paper from one's
/// profile, edit a paper's links, and (admins) assign an author. Each answers with a redirect back to the paper,
/// or with a page that says what was wrong. Anonymous posts go to the sign-in page; posts without the antiforgery
/// token get 400 (Razor Pages validate it before any handler runs).
/// </summary>
[Authorize(Policy = AuthNames.SignedIn)]
[EnableRateLimiting(Web.Authorship.AuthorshipSetup.RateLimit)]
public sealed class ActionsModel(PaperStore papers, ClaimStore claims, PaperLinkStore links, OrganizationStore orgs, AccountStore accounts) : AppPageModel
{
    public string BackUrl { get; private set; } = "/papers";

    private long Me => User.UserId()!.Value;
    private bool IsAdmin => User.Role() == Role.Admin;

    public IActionResult OnGet() => ShowProblem(405, "Use the forms on the paper page", "This address only takes the forms on a paper's page.");

    public async Task<IActionResult> OnPostClaimAsync(string? paper, int? position, CancellationToken ct)
    {
        if (await PaperAsync(paper, ct) is not { } view) return ShowPaperProblem(paper);
        if (position is not { } pos || pos < 0 || pos >= view.Paper.Authors.Count)
            return ShowProblem(400, "Pick an author", $"Choose which author of {view.Paper.ArxivId} you are.");
        var (outcome, _) = await claims.ClaimAsync(Me, view.Id, pos, ct);
        var name = view.Paper.Authors[pos].Name;
        return outcome switch
        {
            ClaimOutcome.Created or ClaimOutcome.AlreadyYours => BackToPaper(view),
            ClaimOutcome.AlreadyVerified => ShowProblem(409, "Already verified", AuthorshipRules.WhyNotClaimable(view.Paper.Authors[pos]) ?? $"\"{name}\" is already verified."),
            ClaimOutcome.OpenClaimExists => ShowProblem(409, "Already claimed", $"There is already an open claim on \"{name}\" for {view.Paper.ArxivId}; a moderator will decide it."),
            ClaimOutcome.YouClaimedAnother => ShowProblem(409, "One claim per paper", $"You already claimed another author entry of {view.Paper.ArxivId}: withdraw that claim first."),
            _ => ShowProblem(404, "No such author", $"Paper {view.Paper.ArxivId} has no author at position {pos + 1}."),
        };
    }

    public async Task<IActionResult> OnPostWithdrawAsync(long? claim, CancellationToken ct)
    {
        var found = claim is { } id ? await claims.GetAsync(id, ct) : null;
        if (found is null || found.UserId != Me) return ShowProblem(404, "No such claim", "You have no claim with that number.");
        BackUrl = "/papers/" + found.ArxivId;
        if (!await claims.WithdrawAsync(found.Id, Me, ct))
            return ShowProblem(409, "Claim already decided", $"Your claim on \"{found.AuthorName}\" is {found.Status}, so it can no longer be withdrawn.");
        return LocalRedirect(ReturnOr(BackUrl + "#authors"));
    }

    public async Task<IActionResult> OnPostHideAsync(string? paper, bool hidden, CancellationToken ct)
    {
        if (await PaperAsync(paper, ct) is not { } view) return ShowPaperProblem(paper);
        if (!await claims.SetHiddenFromProfileAsync(Me, view.Id, hidden, ct))
            return ShowProblem(403, "Not your paper", $"Only a verified author of {view.Paper.ArxivId} can hide it from their profile.");
        return BackToPaper(view);
    }

    public async Task<IActionResult> OnPostLinksAsync(string? paper, string? githubRepo, string? projectPage, string? organization, CancellationToken ct)
    {
        if (await PaperAsync(paper, ct) is not { } view) return ShowPaperProblem(paper);
        var editors = await links.GetEditorsAsync(view.Id, ct);
        if (!IsAdmin && !editors.Contains(Me))
            return ShowProblem(403, "Not allowed", $"Only a verified author, the submitter or an admin can edit the links of {view.Paper.ArxivId}.");
        var (gh, ghError) = PaperLinks.GithubRepo(githubRepo);
        var (page, pageError) = PaperLinks.ProjectPage(projectPage);
        var (orgName, orgError) = PaperLinks.OrganizationName(organization);
        if ((ghError ?? pageError ?? orgError) is { } error) return ShowProblem(400, "Check the links", error);

        var edit = new PaperLinkEdit(gh, page);
        var current = view.Paper.Organization?.Name;
        if (!string.Equals(orgName, current, StringComparison.Ordinal))
        {
            // Rule: admins attribute any organisation (creating it when new); authors and submitters may clear the
            // organisation or pick one they are a member of, so nobody can put a lab's name on a paper unasked.
            long? orgId = null;
            if (orgName is not null)
            {
                var org = await orgs.GetAsync(orgName, ct);
                if (org is null && !IsAdmin)
                    return ShowProblem(400, "Unknown organisation", $"There is no organisation \"{orgName}\" here; an admin can create it.");
                if (!IsAdmin && await orgs.RoleOfAsync(org!.Id, Me, ct) is null)
                    return ShowProblem(403, "Not a member", $"You can only attribute papers to organisations you are a member of, and you are not a member of \"{org.Name}\".");
                orgId = org?.Id ?? await orgs.EnsureAsync(orgName, null, ct);
            }
            edit = edit with { SetOrganization = true, OrganizationId = orgId };
        }
        await links.UpdateAsync(view.Id, edit, ct);
        return BackToPaper(view);
    }

    public async Task<IActionResult> OnPostAssignAsync(string? paper, int? position, string? handle, CancellationToken ct)
    {
        if (!IsAdmin) return ShowProblem(403, "Admins only", "Only an admin can assign an author directly.");
        if (await PaperAsync(paper, ct) is not { } view) return ShowPaperProblem(paper);
        if (position is not { } pos || pos < 0 || pos >= view.Paper.Authors.Count)
            return ShowProblem(400, "Pick an author", $"Choose an author entry of {view.Paper.ArxivId}.");
        var who = string.IsNullOrWhiteSpace(handle) || handle.Length > 100 ? null : await accounts.FindByHandleAsync(handle.Trim().TrimStart('@'), ct);
        if (who is null || who.DeletedAt is not null) return ShowProblem(400, "Unknown user", $"There is no user \"{handle}\" to assign.");
        await claims.AssignAsync(Me, view.Id, pos, who.Id, ct);
        return BackToPaper(view);
    }

    private async Task<PaperView?> PaperAsync(string? paper, CancellationToken ct)
    {
        var find = await Http.PaperLookup.FindAsync(papers, paper, ct);
        if (find.Id.Id is not null) BackUrl = "/papers/" + find.Id.Id;
        return find.Paper;
    }

    private IActionResult ShowPaperProblem(string? paper)
    {
        var parsed = Http.PaperLookup.Parse(paper);
        return parsed.Status == StatusCodes.Status400BadRequest
            ? ShowProblem(400, "Not an arXiv id", string.IsNullOrWhiteSpace(paper) ? "The form did not say which paper." : parsed.Message!)
            : ShowProblem(404, "Paper not found", $"There is no paper {parsed.Id.Id ?? paper!.Trim()} here.");
    }

    private IActionResult BackToPaper(PaperView view) => LocalRedirect(ReturnOr($"/papers/{view.Paper.ArxivId}#authors"));

    /// <summary>A local returnUrl from the form (the "my claims" page posts here too), else the fallback.</summary>
    private string ReturnOr(string fallback)
    {
        var url = Request.HasFormContentType ? Request.Form["returnUrl"].FirstOrDefault() : null;
        return !string.IsNullOrEmpty(url) && Url.IsLocalUrl(url) ? url : fallback;
    }
}
