using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Account;

/// <summary>
/// The link in a confirmation mail (new account, or new address with change=1). Opening it shows one button;
/// the POST uses the token. Mail scanners that fetch every link therefore cannot use it up.
/// </summary>
[EnableRateLimiting(AuthNames.AuthRateLimit)]
public sealed class ConfirmModel(AccountStore accounts, AccountMails mails) : AccountPageModel
{
    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty(SupportsGet = true)] public bool Change { get; set; }

    private TokenPurpose Purpose => Change ? TokenPurpose.ChangeEmail : TokenPurpose.ConfirmEmail;
    private string Again => Change ? "Ask for a new one on your settings page." : "Sign in to get a new one by mail.";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        NoReferrer();
        var state = await accounts.CheckTokenAsync(Token, Purpose, ct);
        return state == RedeemOutcome.Ok ? Page() : TokenProblem(state, Again);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        NoReferrer();
        var used = await accounts.RedeemTokenAsync(Token, Purpose, ct);
        if (used.Outcome != RedeemOutcome.Ok) return TokenProblem(used.Outcome, Again);
        var account = await accounts.FindByIdAsync(used.UserId, ct);
        if (account is null || account.DeletedAt is not null) return TokenProblem(RedeemOutcome.Unknown, Again);
        if (Change)
        {
            var oldEmail = account.Email;
            if (!await accounts.ChangeEmailAsync(account.Id, used.Data!, ct))
                return ShowProblem(409, "That address is taken", "Another account uses this email address now, so yours was not changed.");
            if (oldEmail is not null) await mails.SendEmailChangedNotice(oldEmail, account.Handle, used.Data!);
        }
        else
        {
            await accounts.ConfirmEmailAsync(account.Id, ct);
        }
        await SignInAsync((await accounts.FindByIdAsync(account.Id, ct))!, persistent: true);
        return LocalRedirect(Change ? "/account/settings?done=email" : "/account/settings?done=welcome");
    }
}
