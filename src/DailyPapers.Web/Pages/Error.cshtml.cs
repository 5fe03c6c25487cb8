using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Web.Pages;

/// <summary>Re-executed for bare status codes (no route matched, unhandled exception) so every error is a page in our layout.</summary>
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken] // a failed form post is re-executed here as a POST; show its page, not a second 400
public sealed class ErrorModel : PageModel
{
    public void OnPost(int? code) => OnGet(code);

    public PageProblem Problem { get; private set; } = new(500, "Something went wrong", "The server could not complete the request. Please try again.");

    public void OnGet(int? code)
    {
        Problem = code switch
        {
            404 => new(404, "Not found", "There is no page at this address."),
            400 => new(400, "Bad request", "The request was not understood."),
            403 => new(403, "Not allowed", "You may not open this page or do this."),
            405 => new(405, "Method not allowed", "This address does not accept that kind of request."),
            429 => new(429, "Too many requests", "Please wait a moment and try again."),
            _ => Problem,
        };
    }
}
