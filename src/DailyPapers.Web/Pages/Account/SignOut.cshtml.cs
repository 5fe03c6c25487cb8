using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Account;

/// <summary>Signing out is a POST (with the antiforgery token), so a link or image on another site cannot do it.</summary>
public sealed class SignOutModel : AccountPageModel
{
    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(AuthNames.Cookie);
        return LocalRedirect("/papers");
    }
}
