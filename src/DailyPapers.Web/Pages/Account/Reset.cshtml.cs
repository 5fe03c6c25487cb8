using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Account;

[EnableRateLimiting(AuthNames.AuthRateLimit)]
public sealed class ResetModel(AccountStore accounts, PasswordGuard guard) : AccountPageModel
{
    private const string Again = "Ask for a new link on the \"Forgot your password\" page.";

    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        NoReferrer();
        var state = await accounts.CheckTokenAsync(Token, TokenPurpose.ResetPassword, ct);
        return state == RedeemOutcome.Ok ? Page() : TokenProblem(state, Again);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        NoReferrer();
        if (AccountRules.PasswordProblem(Password) is { } problem) { Error(problem); return Page(); }
        if (Password != Confirm) { Error("The two passwords differ; type the same one twice."); return Page(); }
        // A worker first: a busy answer must not use up the one-time link.
        using var hashing = await guard.BeginHashingAsync(ct);
        if (hashing.Refusal is { } refused) return Refused(refused);
        var used = await accounts.RedeemTokenAsync(Token, TokenPurpose.ResetPassword, ct);
        if (used.Outcome != RedeemOutcome.Ok) return TokenProblem(used.Outcome, Again);
        await accounts.SetPasswordAsync(used.UserId, hashing.Hash(Password!), ct);
        // The mail reached its owner, so the address is confirmed too. The new stamp ends every other session.
        await accounts.ConfirmEmailAsync(used.UserId, ct);
        await HttpContext.SignOutAsync(AuthNames.Cookie);
        return LocalRedirect("/account/signin?done=reset");
    }
}
