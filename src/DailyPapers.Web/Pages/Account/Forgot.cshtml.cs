using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Account;

[EnableRateLimiting(AuthNames.AuthRateLimit)]
public sealed class ForgotModel(AccountStore accounts, AccountMails mails, AccountSettings settings) : AccountPageModel
{
    /// <summary>The one answer, whether or not the address has an account.</summary>
    public const string Sent = "If an account exists for that address, we sent it a link to choose a new password. Check your mail.";

    [BindProperty] public string? Email { get; set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var email = AccountRules.NormaliseEmail(Email, out var problem);
        if (email is null) { Error(problem!); return Page(); }
        var account = await accounts.FindByEmailAsync(email, ct);
        if (account is { IsLocal: true })
        {
            var token = await accounts.IssueTokenAsync(account.Id, TokenPurpose.ResetPassword, TimeSpan.FromMinutes(settings.ResetLinkMinutes), ct: ct);
            await mails.SendReset(Request, email, account.Handle, token, settings.ResetLinkMinutes);
        }
        Notice(Sent);
        return Page();
    }
}
