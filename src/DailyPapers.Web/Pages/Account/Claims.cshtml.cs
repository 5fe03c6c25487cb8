using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authorization;

namespace DailyPapers.Web.Pages.Account;

/// <summary>/account/claims: the signed-in user's authorship claims and their status; pending ones can be withdrawn.</summary>
[Authorize(Policy = AuthNames.SignedIn)]
public sealed class ClaimsModel(ClaimStore claims) : AppPageModel
{
    public const int Limit = 200;

    public IReadOnlyList<AuthorClaim> Claims { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        ViewData["Title"] = "My authorship claims";
        Claims = await claims.ListForUserAsync(User.UserId()!.Value, Limit, ct);
    }
}
