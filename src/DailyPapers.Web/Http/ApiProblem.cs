using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace DailyPapers.Web.Http;

/// <summary>
/// The one shape of every API error: RFC 9457 problem details (<c>application/problem+json</c> with type, title,
/// status and detail), written by ASP.NET Core's ProblemDetails service (<c>AddProblemDetails</c> in WebHost). It
/// also carries the message as a top-level <c>error</c> string, the field Hugging Face answers with, so clients that
/// read <c>{"error": "…"}</c> (huggingface_hub among them) keep working.
/// </summary>
public static class ApiProblem
{
    public const string ContentType = "application/problem+json";

    /// <summary>The extension member that keeps the HF-compatible error field.</summary>
    public const string ErrorMember = "error";

    /// <summary>The problem for <paramref name="status"/> saying <paramref name="message"/> (what was being done, with what).</summary>
    public static ProblemDetails Details(int status, string message) => new()
    {
        Status = status,
        Type = TypeOf(status),
        Title = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
        Detail = message,
        Extensions = { [ErrorMember] = message },
    };

    /// <summary>An endpoint's answer: <c>return ApiProblem.Result(404, "Paper 2401.00001 not found.")</c>.</summary>
    public static ProblemHttpResult Result(int status, string message) => TypedResults.Problem(Details(status, message));

    /// <summary>For middleware and handlers that write the response themselves (status-code pages, guards, auth).</summary>
    public static Task WriteAsync(HttpContext http, int status, string message) => Result(status, message).ExecuteAsync(http);

    /// <summary>True for a request answered with problem details: the API, or our own script asking for JSON.</summary>
    public static bool Wanted(HttpRequest request) =>
        request.Path.StartsWithSegments("/api")
        || request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    // RFC 9457 section 4.2: a type URI per problem kind; the status's own definition is the kind here.
    private static string TypeOf(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        502 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.3",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        _ => "about:blank",
    };
}
