using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Account;

/// <summary>The signed-in user's settings: password, email, privacy, API tokens, deleting the account.</summary>
[Authorize(Policy = AuthNames.SignedIn)]
public sealed class SettingsModel(AccountStore accounts, AccountMails mails, AccountSettings settings, PasswordGuard guard,
    ILogger<SettingsModel> log) : AccountPageModel
{
    public Storage.Account Me { get; private set; } = null!;
    public IReadOnlyList<ApiTokenInfo> Tokens { get; private set; } = [];
    /// <summary>A token just created: shown once, here, and never again.</summary>
    public string? NewToken { get; private set; }
    /// <summary>Which section the message belongs to (so it shows beside the form it answers).</summary>
    public string? Section { get; private set; }

    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }
    [BindProperty] public string? NewEmail { get; set; }
    [BindProperty] public string? TokenName { get; set; }
    [BindProperty] public long TokenId { get; set; }
    [BindProperty] public bool UpvotesPublic { get; set; }
    [BindProperty] public string? ConfirmHandle { get; set; }

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        if (done == "welcome") Notice("Your email is confirmed and you are signed in. Welcome!");
        else if (done == "email") Notice("Your new email address is confirmed.");
        return await LoadAsync(ct) ?? Page();
    }

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Section = "password";
        if (AccountRules.PasswordProblem(NewPassword, Me.Email, Me.Handle) is { } problem) return Fail(problem);
        using var check = await BeginCheckAsync(ct);
        if (await CurrentPasswordProblemAsync(check, ct) is { } wrong) return wrong;
        await accounts.SetPasswordAsync(Me.Id, check.Hash(NewPassword!), ct);
        // The new security stamp signs out other browsers; this one gets a fresh cookie.
        await SignInAsync((await accounts.FindByIdAsync(Me.Id, ct))!, persistent: true);
        log.LogInformation("account: user {UserId} changed their password", Me.Id);
        return Done("Your password was changed. Other browsers and devices are signed out.");
    }

    public async Task<IActionResult> OnPostEmailAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Section = "email";
        var email = AccountRules.NormaliseEmail(NewEmail, out var problem);
        if (email is null) return Fail(problem!);
        if (email == Me.Email) return Fail("That is already your address.");
        using (var check = await BeginCheckAsync(ct))
            if (await CurrentPasswordProblemAsync(check, ct) is { } wrong) return wrong;
        // Whether the address is taken is only checked when the link is used, so this form cannot probe addresses.
        var token = await accounts.IssueTokenAsync(Me.Id, TokenPurpose.ChangeEmail, TimeSpan.FromHours(settings.ConfirmLinkHours), email, ct);
        await mails.SendChangeEmail(Request, email, Me.Handle, token, settings.ConfirmLinkHours);
        return Done($"We sent a link to {email}. Your address changes when you open it; until then it stays {Me.Email}.");
    }

    public async Task<IActionResult> OnPostPrivacyAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Section = "privacy";
        await accounts.SetUpvotesPublicAsync(Me.Id, UpvotesPublic, ct);
        await LoadAsync(ct);
        return Done(UpvotesPublic ? "Your upvotes are shown on your profile." : "Your upvotes are hidden from your profile.");
    }

    public async Task<IActionResult> OnPostCreateTokenAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Section = "tokens";
        var name = (TokenName ?? "").Trim();
        if (name.Length is 0 or > 60) return Fail("Give the token a name of 1 to 60 characters, such as \"laptop script\".");
        if (Tokens.Count(t => t.RevokedAt is null) >= 20) return Fail("You have 20 active tokens; revoke one first.");
        (NewToken, _) = await accounts.CreateApiTokenAsync(Me.Id, name, ct);
        Tokens = await accounts.ListApiTokensAsync(Me.Id, ct);
        TokenName = null;
        return Done("Token created. Copy it now: it is shown only this once.");
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Section = "tokens";
        if (!await accounts.RevokeApiTokenAsync(Me.Id, TokenId, ct)) return Fail("No such active token.");
        Tokens = await accounts.ListApiTokensAsync(Me.Id, ct);
        return Done("The token was revoked; programs using it get 401 from now on.");
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } missing) return missing;
        Section = "delete";
        if (!string.Equals(ConfirmHandle?.Trim(), Me.Handle, StringComparison.Ordinal)) return Fail("Type your user name exactly to confirm.");
        if (Me.Role == Community.Role.Admin && await accounts.CountAdminsAsync(ct) <= 1)
            return Fail("You are the site's only admin: make someone else an admin first (Users page, or `dailypapers users set-role`).");
        using (var check = await BeginCheckAsync(ct))
            if (await CurrentPasswordProblemAsync(check, ct) is { } wrong) return wrong;
        var papers = await accounts.DeleteAsync(Me.Id, ct);
        log.LogInformation("account: user {UserId} deleted their account ({Votes} upvotes removed)", Me.Id, papers.Count);
        await HttpContext.SignOutAsync(AuthNames.Cookie);
        return LocalRedirect("/account/signin?done=deleted");
    }

    /// <summary>
    /// An account made by a sign-in through the site's OpenID Connect provider has no password until its owner sets
    /// one: the provider sign-in is its proof, so there is no current password to ask for.
    /// </summary>
    public bool HasPassword => Me.PasswordHash is not null;

    /// <summary>
    /// The current-password check has the sign-in's limits (issue 10): a stolen session must not become a fast way
    /// to guess the password. Accounts without a password only take a hashing worker (for the new password).
    /// </summary>
    private Task<PasswordCheck> BeginCheckAsync(CancellationToken ct) =>
        HasPassword ? guard.BeginCheckAsync(PasswordGuard.SettingsSubject(Me.Id), HttpContext, ct) : guard.BeginHashingAsync(ct);

    /// <summary>Null when the current password is right (or there is none); else the answer to give.</summary>
    private async Task<IActionResult?> CurrentPasswordProblemAsync(PasswordCheck check, CancellationToken ct)
    {
        if (check.Refusal is { } refused) return Refused(refused);
        if (!HasPassword) return null;
        if (check.Verify(Me.PasswordHash, CurrentPassword ?? "") == Passwords.Result.Failed)
        {
            await check.FailedAsync(ct);
            return Fail("Your current password is not right.");
        }
        await check.SucceededAsync(ct);
        return null;
    }

    /// <summary>Loads the account; null when it can be shown, else a result (the account vanished meanwhile).</summary>
    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var me = User.UserId() is { } id ? await accounts.FindByIdAsync(id, ct) : null;
        if (me is null || me.DeletedAt is not null)
        {
            await HttpContext.SignOutAsync(AuthNames.Cookie);
            return LocalRedirect("/account/signin");
        }
        Me = me;
        UpvotesPublic = me.UpvotesPublic;
        Tokens = await accounts.ListApiTokensAsync(me.Id, ct);
        return null;
    }

    private IActionResult Fail(string message)
    {
        Error(message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private IActionResult Done(string message)
    {
        Notice(message);
        return Page();
    }
}
