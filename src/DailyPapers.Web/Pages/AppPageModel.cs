using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Web.Pages;

/// <summary>What a page shows instead of its content when the request cannot be served (400, 404).</summary>
public sealed record PageProblem(int Status, string Title, string Message);

/// <summary>Base for our pages: a problem (bad input, unknown paper) renders in the page's own layout with its status code.</summary>
public abstract class AppPageModel : PageModel
{
    public PageProblem? Problem { get; private set; }

    protected IActionResult ShowProblem(int status, string title, string message)
    {
        Problem = new PageProblem(status, title, message);
        Response.StatusCode = status;
        ViewData["Title"] = title;
        ViewData["Canonical"] = "";   // an error answer has no canonical address and is not for search engines
        ViewData["NoIndex"] = true;
        return Page();
    }

    /// <summary>
    /// Takes this client's place for an expensive request (search, similar, by-abstract, a feed query the cache did
    /// not answer); null when it may go on, else the 429 page with Retry-After.
    /// </summary>
    protected IActionResult? Throttle(Throttling.CostKind kind)
    {
        var limiter = HttpContext.RequestServices.GetRequiredService<Throttling.ClientLimiter>();
        if (limiter.TryEnter(HttpContext, kind, out var seconds)) return null;
        return ShowProblem(StatusCodes.Status429TooManyRequests, "Too many requests", Throttling.ClientLimiter.TooMany(seconds));
    }
}

/// <summary>Display formats shared by the pages (invariant culture: the site is in English).</summary>
public static class Fmt
{
    public static string Date(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("MMM d, yyyy", CultureInfo.InvariantCulture) : "";
    public static string Date(DateOnly d) => d.ToString("MMM d, yyyy", CultureInfo.InvariantCulture);
    public static string Iso(DateTimeOffset? t) => t is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "";
    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Compact counts as on HF: 950, 1.2k, 12k.</summary>
    public static string Count(int n) => n switch
    {
        < 1000 => n.ToString(CultureInfo.InvariantCulture),
        < 10_000 => (Math.Floor(n / 100.0) / 10).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        < 1_000_000 => (n / 1000).ToString(CultureInfo.InvariantCulture) + "k",
        _ => (Math.Floor(n / 100_000.0) / 10).ToString("0.#", CultureInfo.InvariantCulture) + "M",
    };

    public static string Plural(int n, string one, string many) => $"{n.ToString("N0", CultureInfo.InvariantCulture)} {(n == 1 ? one : many)}";
}
