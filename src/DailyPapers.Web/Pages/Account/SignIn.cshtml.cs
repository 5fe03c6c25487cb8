using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Account;

[EnableRateLimiting(AuthNames.AuthRateLimit)]
public sealed class SignInModel(AccountStore accounts, AccountMails mails, AccountSettings settings, PasswordGuard guard,
    OidcSettings oidc) : AccountPageModel
{
    public OidcSettings Oidc => oidc;

    /// <summary>One message for an unknown address and a wrong password, so the form does not reveal who has an account.</summary>
    public const string WrongCredentials = "Wrong email or password.";

    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool Remember { get; set; } = true;
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public void OnGet(string? done)
    {
        if (done == "reset") Notice("Your password was changed. Sign in with the new one.");
        else if (done == "deleted") Notice("Your account was deleted.");
        if (Request.Query["external"] == "failed") Error($"Signing in with {oidc.DisplayName} did not work. Try again, or sign in with your email and password.");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        // Limits before any hashing: this client's delay for this address, the address's budget, a hashing worker.
        using var check = await guard.BeginCheckAsync(PasswordGuard.SigninSubject(Email), HttpContext, ct);
        if (check.Refusal is { } refused) return Refused(refused);
        var email = AccountRules.NormaliseEmail(Email, out _);
        var account = email is null ? null : await accounts.FindByEmailAsync(email, ct);
        if (account is not { IsLocal: true, PasswordHash: not null })
        {
            // Costs what a real check costs, and counts like one, so neither timing nor limits tell unknown addresses apart.
            check.Verify(Passwords.DummyHash, Password ?? "");
            await check.FailedAsync(ct);
            Error(WrongCredentials);
            return Page();
        }
        var verdict = check.Verify(account.PasswordHash, Password ?? "");
        if (verdict == Passwords.Result.Failed)
        {
            await check.FailedAsync(ct);
            Error(WrongCredentials);
            return Page();
        }
        await check.SucceededAsync(ct);
        if (!account.IsConfirmed)
        {
            var token = await accounts.IssueTokenAsync(account.Id, TokenPurpose.ConfirmEmail, TimeSpan.FromHours(settings.ConfirmLinkHours), ct: ct);
            await mails.SendConfirm(Request, account.Email!, account.Handle, token, settings.ConfirmLinkHours);
            Error("Please confirm your email address first: we sent you a new link.");
            return Page();
        }
        if (verdict == Passwords.Result.SuccessRehashNeeded) await accounts.SetPasswordAsync(account.Id, check.Hash(Password!), ct);
        await SignInAsync((await accounts.FindByIdAsync(account.Id, ct))!, Remember);
        return LocalRedirect(SafeReturn(ReturnUrl));
    }
}
