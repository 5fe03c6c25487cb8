using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Account;

/// <summary>Shared steps of the account pages: signing a user in, safe return URLs, token problems.</summary>
public abstract class AccountPageModel : AppPageModel
{
    /// <summary>A message shown above the form (errors and confirmations), and whether it is an error.</summary>
    public string? Message { get; protected set; }
    public bool IsError { get; protected set; }

    protected void Error(string message) { Message = message; IsError = true; }
    protected void Notice(string message) { Message = message; IsError = false; }

    protected Task SignInAsync(Storage.Account account, bool persistent) =>
        HttpContext.SignInAsync(AuthNames.Cookie, AuthNames.Principal(account, AuthNames.Cookie),
            new AuthenticationProperties { IsPersistent = persistent, AllowRefresh = true });

    /// <summary>Only paths on this site, so a crafted sign-in link cannot send people elsewhere.</summary>
    protected string SafeReturn(string? returnUrl) => !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/papers";

    /// <summary>The page for a link that cannot be used, saying why and what to do.</summary>
    protected IActionResult TokenProblem(RedeemOutcome outcome, string again) => outcome switch
    {
        RedeemOutcome.Expired => ShowProblem(400, "This link has expired", $"Links in our mails work for a limited time. {again}"),
        RedeemOutcome.Used => ShowProblem(400, "This link was already used", $"Each link works once. {again}"),
        _ => ShowProblem(400, "This link is not valid", $"It may have been cut off or changed on the way; copy the whole link from the mail. {again}"),
    };

    /// <summary>
    /// The form again with why the password was not checked (429 throttled, 503 busy) and when to come back; the
    /// status is set here because the page has a body, so the status-code pages leave it alone.
    /// </summary>
    protected IActionResult Refused(PasswordRefusal refusal)
    {
        Response.StatusCode = refusal.Status;
        Response.Headers.RetryAfter = refusal.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Error(refusal.Message);
        return Page();
    }

    /// <summary>Links carry secrets in the query string: no Referer with them, ever.</summary>
    protected void NoReferrer() => Response.Headers["Referrer-Policy"] = "no-referrer";
}
