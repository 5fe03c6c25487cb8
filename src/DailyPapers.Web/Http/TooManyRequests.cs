using System.Globalization;
using DailyPapers.Web.Accounts;

namespace DailyPapers.Web.Http;

/// <summary>
/// The one 429 answer: <c>Retry-After</c> in seconds, then problem details for the API (and our script asking for
/// JSON), or a bare status for a browser's form post, which the status-code page draws as "Too many requests" in the
/// site's layout. Per-account limits (votes, comments, submissions, collections) go through <see cref="CheckAsync"/>.
/// </summary>
public static class TooManyRequests
{
    /// <summary>"Too many votes: try again in 12 seconds." — <paramref name="what"/> names what was limited.</summary>
    public static string Message(string what, int seconds) =>
        $"Too many {what}: try again in {seconds} second{(seconds == 1 ? "" : "s")}.";

    /// <summary>
    /// Takes one permit of <paramref name="limiter"/> for the account: null when the request may go on, else the 429.
    /// Taken in the handlers, after authentication, so the account is known (see <see cref="AccountRateLimiter"/>).
    /// </summary>
    public static async Task<IResult?> CheckAsync(HttpContext http, AccountRateLimiter limiter, long userId, string what) =>
        await limiter.RetryAfterAsync(userId, http.RequestAborted) is { } seconds ? Result(http, seconds, Message(what, seconds)) : null;

    /// <summary>The 429 for a refusal already decided (a limiter inside a service, a per-client limit).</summary>
    public static IResult Result(HttpContext http, int seconds, string message)
    {
        SetRetryAfter(http, seconds);
        return ApiProblem.Wanted(http.Request) ? ApiProblem.Result(StatusCodes.Status429TooManyRequests, message) : Results.StatusCode(StatusCodes.Status429TooManyRequests);
    }

    public static void SetRetryAfter(HttpContext http, int seconds) =>
        http.Response.Headers.RetryAfter = Math.Max(1, seconds).ToString(CultureInfo.InvariantCulture);
}
