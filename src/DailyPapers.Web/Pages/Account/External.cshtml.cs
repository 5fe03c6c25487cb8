using System.Security.Claims;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Account;

/// <summary>
/// /account/external?handler=start sends the browser to the operator's OpenID Connect provider; /account/external is
/// where it comes back (after the handler at /signin-oidc checked state, nonce, PKCE and the id_token signature):
/// the provider's identity becomes a local account (found, linked by verified email, or created) and a normal session.
/// </summary>
public sealed class ExternalModel(AccountStore accounts, OidcSettings oidc, ILogger<ExternalModel> log) : AccountPageModel
{
    public IActionResult OnGetStart(string? returnUrl)
    {
        if (!oidc.Enabled) return ShowProblem(404, "Single sign-on is not set up", "This site has no sign-in provider configured; sign in with your email and password.");
        var back = $"/account/external?returnUrl={Uri.EscapeDataString(SafeReturn(returnUrl))}";
        return Challenge(new AuthenticationProperties { RedirectUri = back }, OidcSetup.Scheme);
    }

    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken ct)
    {
        if (!oidc.Enabled) return ShowProblem(404, "Single sign-on is not set up", "This site has no sign-in provider configured; sign in with your email and password.");
        var result = await HttpContext.AuthenticateAsync(OidcSetup.ExternalCookie);
        if (!result.Succeeded || result.Principal is not { } p)
            return ShowProblem(400, "Sign-in did not complete", $"We did not get an answer from {oidc.DisplayName}. Start again from the sign-in page.");
        await HttpContext.SignOutAsync(OidcSetup.ExternalCookie);

        var sub = p.FindFirst("sub");
        var verified = oidc.TrustEmails || p.FindFirstValue("email_verified") is { } v && v.Equals("true", StringComparison.OrdinalIgnoreCase);
        var who = new ExternalIdentity(sub?.Issuer ?? "", sub?.Value ?? "", p.FindFirstValue("email"), verified,
            p.FindFirstValue("preferred_username"), p.FindFirstValue("name"));
        var outcome = await accounts.SignInExternalAsync(who, ct);
        if (outcome.Outcome == ExternalSigninOutcome.Refused)
            return ShowProblem(403, $"Could not sign you in with {oidc.DisplayName}", outcome.Reason!);
        var account = await accounts.FindByIdAsync(outcome.UserId, ct);
        if (account is null || account.DeletedAt is not null)
            return ShowProblem(403, "This account is closed", "The account linked to this sign-in was deleted.");
        await accounts.RecordSigninAsync(account.Id, ct);
        log.LogInformation("oidc: user {UserId} signed in ({Outcome})", account.Id, outcome.Outcome);
        await SignInAsync(account, persistent: true);
        return LocalRedirect(SafeReturn(returnUrl));
    }
}
