using DailyPapers.Web.Accounts;
using DailyPapers.Web.Collections;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages.Collections;

/// <summary>Shared by the collection pages: a message beside the form, the per-account limit, safe ways back.</summary>
public abstract class CollectionPageModel : AppPageModel
{
    public string? Message { get; protected set; }
    public bool IsError { get; protected set; }

    protected long? Me => User.UserId();

    protected IActionResult Fail(string message)
    {
        Message = message;
        IsError = true;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>The 429 page when the account is over the collections limit, else null.</summary>
    protected async Task<IActionResult?> LimitAsync()
    {
        var limiter = HttpContext.RequestServices.GetRequiredService<CollectionLimiter>();
        return Me is { } id && await limiter.RefuseAsync(HttpContext, id) is { } seconds
            ? ShowProblem(StatusCodes.Status429TooManyRequests, "Too many requests", CollectionLimiter.Message(seconds))
            : null;
    }

    /// <summary>Only paths on this site, so a crafted form cannot send people elsewhere.</summary>
    protected string SafeReturn(string? returnUrl, string fallback) =>
        !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : fallback;
}
