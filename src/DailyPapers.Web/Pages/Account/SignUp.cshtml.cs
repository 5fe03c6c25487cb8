using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Pages.Account;

[EnableRateLimiting(AuthNames.AuthRateLimit)]
public sealed class SignUpModel(AccountStore accounts, AccountMails mails, AccountSettings settings, PasswordGuard guard) : AccountPageModel
{
    [BindProperty] public string? Handle { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? Password { get; set; }
    /// <summary>Set after a successful post: the address the confirmation went to.</summary>
    public string? SentTo { get; private set; }
    public bool Closed => !settings.AllowSignup;

    public IActionResult OnGet() => User.UserId() is null ? Page() : Redirect("/account/settings");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Closed) return ShowProblem(403, "Sign-up is closed", "This site does not take new accounts; ask its operator for one.");
        Handle = Handle?.Trim();
        var email = AccountRules.NormaliseEmail(Email, out var emailProblem);
        var problem = AccountRules.HandleProblem(Handle) ?? emailProblem ?? AccountRules.PasswordProblem(Password, email, Handle);
        if (problem is not null) { Error(problem); return Page(); }

        string hash;
        using (var hashing = await guard.BeginHashingAsync(ct))
        {
            if (hashing.Refusal is { } refused) return Refused(refused);
            hash = hashing.Hash(Password!);
        }
        var created = await accounts.CreateAsync(Handle!, email!, hash, ct: ct);
        switch (created.Outcome)
        {
            case CreateAccountOutcome.HandleTaken:
                Error($"The user name \"{Handle}\" is taken; choose another.");
                return Page();
            case CreateAccountOutcome.HandleTakenByImportedUser:
                Error($"\"{Handle}\" is the name of a Hugging Face user whose papers are on this site; choose another user name.");
                return Page();
            case CreateAccountOutcome.EmailTaken:
                // Same answer as a new account, so the form does not tell who is registered; the owner gets a note.
                await mails.SendAlreadyRegistered(Request, email!);
                break;
            default:
                var token = await accounts.IssueTokenAsync(created.Id, TokenPurpose.ConfirmEmail, TimeSpan.FromHours(settings.ConfirmLinkHours), ct: ct);
                await mails.SendConfirm(Request, email!, Handle!, token, settings.ConfirmLinkHours);
                break;
        }
        SentTo = email;
        Password = null;
        return Page();
    }
}
