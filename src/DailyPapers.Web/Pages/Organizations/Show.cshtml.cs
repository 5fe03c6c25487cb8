using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Organizations;

/// <summary>
/// /organizations/{name}: the organisation's papers (newest or trending) and its members. Site admins and the
/// organisation's own admins add and remove members here.
/// </summary>
[EnableRateLimiting(Web.Authorship.AuthorshipSetup.RateLimit)]
public sealed class ShowModel(OrganizationStore orgs, PaperStore papers, AccountStore accounts) : AppPageModel
{
    public const int PageSize = 20;

    public Organization Org { get; private set; } = null!;
    public OrgPaperSort Sort { get; private set; }
    public IReadOnlyList<PaperView> Papers { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public IReadOnlyList<OrganizationMember> Members { get; private set; } = [];
    public bool CanManage { get; private set; }
    public string? Message { get; private set; }

    public string Link(OrgPaperSort sort, int page) =>
        $"/organizations/{Uri.EscapeDataString(Org.Name)}?sort={(sort == OrgPaperSort.Trending ? "trending" : "newest")}{(page > 1 ? $"&page={page}" : "")}";

    public async Task<IActionResult> OnGetAsync(string name, string? sort, int? page, CancellationToken ct)
    {
        if (!await LoadOrgAsync(name, ct)) return NotFoundPage(name);
        Sort = sort switch
        {
            null or "" or "newest" => OrgPaperSort.Newest,
            "trending" => OrgPaperSort.Trending,
            _ => (OrgPaperSort)(-1),
        };
        if ((int)Sort < 0) return ShowProblem(400, "Unknown sort order", $"sort must be \"newest\" or \"trending\", not \"{sort}\".");
        if (page is < 1) return ShowProblem(400, "No such page", $"page must be 1 or more, not {page}.");
        PageNumber = page ?? 1;
        var (ids, total) = await orgs.GetPaperIdsAsync(Org.Id, Sort, (PageNumber - 1) * PageSize, PageSize, ct);
        Total = total;
        Papers = await papers.GetManyAsync(ids, ct);
        await this.PreloadVotesAsync(Papers.Select(p => p.Id), ct);
        return Page();
    }

    public Task<IActionResult> OnPostAddMemberAsync(string name, string? handle, string? role, CancellationToken ct) =>
        ManageAsync(name, ct, async () =>
        {
            var who = string.IsNullOrWhiteSpace(handle) || handle.Length > 100 ? null : await accounts.FindByHandleAsync(handle.Trim().TrimStart('@'), ct);
            if (who is null || !who.IsLocal || who.DeletedAt is not null)
                return ShowProblem(400, "Unknown user", $"There is no account \"{handle}\" here to add.");
            if (role is not (OrganizationStore.MemberRole or OrganizationStore.AdminRole))
                return ShowProblem(400, "Unknown role", $"role must be \"member\" or \"admin\", not \"{role}\".");
            await orgs.SetMemberAsync(Org.Id, who.Id, role, ct);
            return null;
        });

    public Task<IActionResult> OnPostRemoveMemberAsync(string name, long user, CancellationToken ct) =>
        ManageAsync(name, ct, async () =>
        {
            if (!await orgs.RemoveMemberAsync(Org.Id, user, ct))
                return ShowProblem(404, "Not a member", "That user is not a member of this organisation.");
            return null;
        });

    private async Task<IActionResult> ManageAsync(string name, CancellationToken ct, Func<Task<IActionResult?>> change)
    {
        if (User.UserId() is null) return Challenge();
        if (!await LoadOrgAsync(name, ct)) return NotFoundPage(name);
        if (!CanManage) return ShowProblem(403, "Not allowed", $"Only an admin of {Org.DisplayName} or of this site can change its members.");
        if (await change() is { } problem) return problem;
        return Redirect($"/organizations/{Uri.EscapeDataString(Org.Name)}#members");
    }

    private async Task<bool> LoadOrgAsync(string name, CancellationToken ct)
    {
        var org = name.Length <= 100 ? await orgs.GetAsync(name, ct) : null;
        if (org is null) return false;
        Org = org;
        ViewData["Title"] = org.DisplayName;
        Members = await orgs.ListMembersAsync(org.Id, ct);
        CanManage = User.UserId() is { } me && (User.Role() == Role.Admin || await orgs.RoleOfAsync(org.Id, me, ct) == OrganizationStore.AdminRole);
        return true;
    }

    private IActionResult NotFoundPage(string name) =>
        ShowProblem(404, "Organisation not found", $"There is no organisation called \"{name}\" here. See the list of organisations at /organizations.");
}
