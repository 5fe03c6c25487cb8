using System.Globalization;
using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Admin;

/// <summary>
/// /admin/users: the people on the site for admins: search by handle or email, page through, change roles.
/// Local accounts show by default; HF-imported people (who cannot sign in) only when asked for. An admin cannot
/// change their own role here — demoting oneself by a slip would lock one out of this very page; another admin
/// or <c>dailypapers users set-role</c> does it. The last admin keeps the role (<see cref="RoleChangeOutcome.LastAdmin"/>).
/// </summary>
[Authorize(Policy = AuthNames.AdminPolicy)]
public sealed class UsersModel(AccountStore accounts, TimeProvider clock) : AppPageModel
{
    public const int PageSize = 50;
    /// <summary>Longest search text accepted; handles and emails are shorter.</summary>
    public const int MaxSearchLength = 200;

    public static readonly IReadOnlyList<Role> Roles = [Role.User, Role.Moderator, Role.Admin];

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "role")] public string? RoleFilter { get; set; }
    [BindProperty(SupportsGet = true, Name = "origin")] public string? Origin { get; set; }
    // Not bound as "page": Razor Pages keeps the page's own name in the route value of that name.
    public int PageNumber { get; private set; } = 1;

    public IReadOnlyList<DailyPapers.Storage.Account> Users { get; private set; } = [];
    public int Total { get; private set; }
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public long MyId => User.UserId()!.Value;
    public DateTimeOffset Now => clock.GetUtcNow();
    public string? Message { get; private set; }
    public bool MessageIsError { get; private set; }

    public AccountOrigins Origins => Origin switch { "hf" => AccountOrigins.Imported, "all" => AccountOrigins.All, _ => AccountOrigins.Local };
    public Role? RoleChoice => AccountStore.TryParseRole(RoleFilter);

    public async Task<IActionResult> OnGetAsync([FromQuery(Name = "page")] int? page, long? changed, string? done, CancellationToken ct)
    {
        PageNumber = page ?? 1;
        if (changed is { } id && await accounts.FindByIdAsync(id, ct) is { DeletedAt: null } who)
            Message = done == "same"
                ? $"{who.Handle} already has the role {AccountStore.RoleName(who.Role)}."
                : $"{who.Handle} is now {Article(who.Role)} {AccountStore.RoleName(who.Role)}. Their sessions were signed out, so they see the new role at their next sign-in.";
        return await ShowAsync(ct);
    }

    /// <summary>Changes one account's role; the list's filter travels in the form so the admin lands where they were.</summary>
    public async Task<IActionResult> OnPostRoleAsync(long user, string? newRole, int? listPage, CancellationToken ct)
    {
        PageNumber = Math.Max(1, listPage ?? 1);
        if (AccountStore.TryParseRole(newRole) is not { } role)
            return await FailAsync(400, $"\"{newRole}\" is not a role; choose user, moderator or admin.", ct);
        if (user == MyId)
            return await FailAsync(400, "You cannot change your own role here. Ask another admin, or use \"dailypapers users set-role\" on the server.", ct);
        var outcome = await accounts.ChangeRoleAsync(user, role, ct);
        return outcome switch
        {
            RoleChangeOutcome.Changed => Redirect(Link(PageNumber) + $"&changed={user}#user-{user}"),
            RoleChangeOutcome.Unchanged => Redirect(Link(PageNumber) + $"&changed={user}&done=same#user-{user}"),
            RoleChangeOutcome.NotFound => await FailAsync(404, $"There is no account {user} (it may have been deleted).", ct),
            RoleChangeOutcome.NotLocal => await FailAsync(400, "That user was imported from Hugging Face and cannot sign in here, so a role would mean nothing.", ct),
            _ => await FailAsync(409, "That is the last admin: make another account an admin first, or the site has nobody left to grant roles.", ct),
        };
    }

    /// <summary>The list URL with the current filter and the given page (always with a query, so callers may append "&amp;…").</summary>
    public string Link(int page, string? origin = null)
    {
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(Search)) parts.Add("q=" + Uri.EscapeDataString(Search.Trim()));
        if (RoleChoice is { } r) parts.Add("role=" + AccountStore.RoleName(r));
        var o = origin ?? OriginName;
        if (o != "local") parts.Add("origin=" + o);
        parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        return "/admin/users?" + string.Join("&", parts);
    }

    public string OriginName => Origins switch { AccountOrigins.Imported => "hf", AccountOrigins.All => "all", _ => "local" };

    private static string Article(Role r) => r == Role.Admin ? "an" : "a";

    private async Task<IActionResult> FailAsync(int status, string message, CancellationToken ct)
    {
        Message = message;
        MessageIsError = true;
        Response.StatusCode = status;
        await LoadAsync(ct);
        return Page();
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (Search is { Length: > MaxSearchLength })
            return ShowProblem(400, "Search too long", $"The search text is {Search.Length} characters long; keep it under {MaxSearchLength}.");
        if (RoleFilter is { Length: > 0 } && RoleChoice is null)
            return ShowProblem(400, "Unknown role", $"\"{RoleFilter}\" is not a role; filter by user, moderator or admin.");
        if (PageNumber < 1)
            return ShowProblem(400, "Bad page number", $"Page {PageNumber} does not exist; pages start at 1.");
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        ViewData["Title"] = "Users";
        if (Search is { Length: > MaxSearchLength }) Search = null;
        PageNumber = Math.Max(1, PageNumber);
        var page = Math.Min(PageNumber, 1_000_000); // keeps OFFSET in range for absurd page numbers
        (Users, Total) = await accounts.ListAsync(new AccountQuery(Search, RoleChoice, Origins, (page - 1) * PageSize, PageSize), ct);
    }
}
