using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Account;

[EnableRateLimiting(AuthNames.AuthRateLimit)]
public sealed class SignInModel(AccountStore accounts, AccountMails mails, AccountSettings settings, TimeProvider clock,
    OidcSettings oidc, ILogger<SignInModel> log) : AccountPageModel
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
        var email = AccountRules.NormaliseEmail(Email, out _);
        var account = email is null ? null : await accounts.FindByEmailAsync(email, ct);
        if (account is not { IsLocal: true, PasswordHash: not null })
        {
            // Costs what a real check costs, so timing does not tell unknown addresses apart either.
            Passwords.Verify(Passwords.DummyHash, Password ?? "");
            Error(WrongCredentials);
            return Page();
        }
        var verdict = Passwords.Verify(account.PasswordHash, Password ?? "");
        var now = clock.GetUtcNow();
        if (account.LockedUntil is { } until && until > now)
        {
            // The lock is only revealed to someone who knows the password, so it cannot be used to find accounts.
            var minutes = Math.Max(1, (int)Math.Ceiling((until - now).TotalMinutes));
            Error(verdict == Passwords.Result.Failed ? WrongCredentials
                : $"Too many failed sign-ins: this account is locked for {minutes} more minute{(minutes == 1 ? "" : "s")}. Try again later or reset your password.");
            return Page();
        }
        if (verdict == Passwords.Result.Failed)
        {
            if (await accounts.RecordFailedSigninAsync(account.Id, settings.MaxFailedSignins, TimeSpan.FromMinutes(settings.LockoutMinutes), ct) is not null)
                log.LogWarning("sign-in: account {UserId} locked for {Minutes} min after {Failures} failed sign-ins", account.Id, settings.LockoutMinutes, settings.MaxFailedSignins);
            Error(WrongCredentials);
            return Page();
        }
        if (!account.IsConfirmed)
        {
            var token = await accounts.IssueTokenAsync(account.Id, TokenPurpose.ConfirmEmail, TimeSpan.FromHours(settings.ConfirmLinkHours), ct: ct);
            await mails.SendConfirm(Request, account.Email!, account.Handle, token, settings.ConfirmLinkHours);
            Error("Please confirm your email address first: we sent you a new link.");
            return Page();
        }
        await accounts.RecordSigninAsync(account.Id, ct);
        if (verdict == Passwords.Result.SuccessRehashNeeded) await accounts.SetPasswordAsync(account.Id, Passwords.Hash(Password!), ct);
        await SignInAsync((await accounts.FindByIdAsync(account.Id, ct))!, Remember);
        return LocalRedirect(SafeReturn(ReturnUrl));
    }
}
