using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Account;

[EnableRateLimiting(AuthNames.AuthRateLimit)]
public sealed class ResetModel(AccountStore accounts, PasswordGuard guard, ILogger<ResetModel> log) : AccountPageModel
{
    private const string Again = "Ask for a new link on the \"Forgot your password\" page.";

    [BindProperty(SupportsGet = true)] public string? Token { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    /// <summary>
    /// Whether to revoke the account's API tokens too. On by default (a reset often follows a stolen password, and a
    /// thief may have made tokens); the form's checkbox comes with a hidden "false", so only unticking it keeps them.
    /// </summary>
    [BindProperty] public bool RevokeTokens { get; set; } = true;

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
        // Ends every session of the account, on every node.
        await accounts.SetPasswordAsync(used.UserId, hashing.Hash(Password!), ct);
        var revoked = RevokeTokens ? await accounts.RevokeAllApiTokensAsync(used.UserId, ct) : 0;
        log.LogInformation("account: user {UserId} reset their password; sessions ended, {Revoked} API tokens revoked", used.UserId, revoked);
        // The mail reached its owner, so the address is confirmed too.
        await accounts.ConfirmEmailAsync(used.UserId, ct);
        await HttpContext.SignOutAsync(AuthNames.Cookie);
        return LocalRedirect("/account/signin?done=reset");
    }
}
