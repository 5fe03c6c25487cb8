using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Web.Http;

/// <summary>
/// Refusals of hostile but harmless input, in one place before any page or endpoint runs (issue 10): each of these
/// reached code that assumed better and answered 500. Pages get the site's status page (the status-code page
/// middleware draws it), /api gets problem details (<see cref="ApiProblem"/>).
/// </summary>
public static class RequestGuards
{
    /// <summary>
    /// The methods a Razor page answers. Any other (TRACE, PUT, …) matched the page too and ran it without a handler,
    /// on a model that OnGet never filled.
    /// </summary>
    public const string PageMethods = "GET, HEAD, POST";

    /// <summary>After <c>UseRouting</c> (it needs the chosen endpoint), before authentication and the endpoints.</summary>
    public static IApplicationBuilder UseRequestGuards(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        // The status page re-executes the pipeline with the refused request's method and form: let it draw.
        var reExecuted = context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null;
        var isPage = context.GetEndpoint()?.Metadata.GetMetadata<PageActionDescriptor>() is not null;
        if (isPage && !IsPageMethod(request.Method))
        {
            if (reExecuted) request.Method = HttpMethods.Get;
            else
            {
                context.Response.Headers.Allow = PageMethods;
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
        }
        if (reExecuted)
        {
            await next(context);
            return;
        }
        // A name that is only whitespace (%20, %09, %C2%A0) binds as null in pages and names nothing anywhere.
        foreach (var (key, value) in request.RouteValues)
        {
            if (value is string { Length: > 0 } s && string.IsNullOrWhiteSpace(s))
            {
                await RefuseAsync(context, StatusCodes.Status404NotFound, $"the {key} in the path is blank");
                return;
            }
        }
        try
        {
            // Parse a form before anyone relies on it: a NUL (up=%00) or a field over the limits throws
            // InvalidDataException from the parser, which each form endpoint would otherwise have to catch.
            if (request.HasFormContentType)
            {
                try { await request.ReadFormAsync(context.RequestAborted); }
                catch (InvalidDataException e)
                {
                    await RefuseAsync(context, StatusCodes.Status400BadRequest, $"the form could not be read: {e.Message}");
                    return;
                }
            }
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            // The server's own refusals thrown while a body is read (over MaxRequestBodySize: 413; cut short: 400).
            context.Response.Clear();
            await RefuseAsync(context, e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "the request body is larger than this server accepts" : $"the request could not be read: {e.Message}");
        }
    });

    private static bool IsPageMethod(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsPost(method);

    private static async Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Requests")
            .LogDebug("refused {Method} {Path} with {Status}: {Reason}", context.Request.Method, context.Request.Path, status, message);
        if (!context.Request.Path.StartsWithSegments("/api")) return; // the status-code page draws the site's page
        await ApiProblem.WriteAsync(context, status, message);
    }
}
