using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Api;
using Microsoft.AspNetCore.Antiforgery;

namespace DailyPapers.Web.Votes;

/// <summary>The answer of every vote endpoint (HF-style field names).</summary>
public sealed record VoteState([property: JsonPropertyName("upvotes")] int Upvotes, [property: JsonPropertyName("upvoted")] bool Upvoted);

[JsonSerializable(typeof(VoteState))]
[JsonSerializable(typeof(ApiError))]
internal sealed partial class VoteJsonContext : JsonSerializerContext;

/// <summary>
/// Upvote endpoints: the button's form post <c>POST /papers/{arxivId}/upvote</c> (cookie + antiforgery; redirects
/// back, or answers JSON to our script) and the write API <c>POST|DELETE /api/papers/{arxivId}/upvote</c> (bearer
/// token). Old-style ids carry a slash (hep-th/9901001), hence the two-segment routes.
/// </summary>
public static class VoteEndpoints
{
    public static IServiceCollection AddVotes(this IServiceCollection services)
    {
        services.AddSingleton<VoteLimiter>();
        services.AddScoped<VoteMarks>();
        return services;
    }

    public static IEndpointRouteBuilder MapVotes(this IEndpointRouteBuilder app)
    {
        app.MapPost("/papers/{id}/upvote", (HttpContext http, string id) => FormAsync(http, id));
        app.MapPost("/papers/{archive}/{number}/upvote", (HttpContext http, string archive, string number) => FormAsync(http, archive + "/" + number));
        foreach (var (method, up) in new[] { ("POST", true), ("DELETE", false) })
        {
            app.MapMethods("/api/papers/{id}/upvote", [method], (HttpContext http, string id) => ApiAsync(http, id, up))
                .RequireAuthorization(AuthNames.ApiUser);
            app.MapMethods("/api/papers/{archive}/{number}/upvote", [method], (HttpContext http, string archive, string number) => ApiAsync(http, archive + "/" + number, up))
                .RequireAuthorization(AuthNames.ApiUser);
        }
        return app;
    }

    /// <summary>The button. Without JavaScript it redirects back to the page; our script asks for JSON instead.</summary>
    private static async Task<IResult> FormAsync(HttpContext http, string rawId)
    {
        var ct = http.RequestAborted;
        var wantsJson = http.Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);
        var form = http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
        var back = LocalOr(form?["returnUrl"].FirstOrDefault(), "/papers/" + rawId);

        if (http.User.UserId() is not { } userId)
        {
            var signIn = "/account/signin?returnUrl=" + Uri.EscapeDataString(back);
            return wantsJson ? Error(401, "Sign in to upvote papers.", signIn) : Results.Redirect(signIn);
        }
        if (!await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            return wantsJson ? Error(400, "The form expired: reload the page and try again.") : Results.StatusCode(400);
        if (await Limit(http, userId) is { } tooMany) return tooMany;

        var (paperId, problem) = await ResolveAsync(http, rawId);
        if (problem is not null) return wantsJson ? problem : Results.StatusCode(ProblemStatus(problem));

        // "up" carries the state the page showed the user pressing towards, so a double submit lands on the same
        // state instead of undoing itself; without it the button toggles.
        var votes = http.RequestServices.GetRequiredService<VoteStore>();
        var up = form?["up"].FirstOrDefault();
        var result = up switch
        {
            "true" => await votes.SetAsync(userId, paperId, true, ct),
            "false" => await votes.SetAsync(userId, paperId, false, ct),
            _ => await votes.ToggleAsync(userId, paperId, ct),
        };
        if (result is null) return wantsJson ? NotFound(rawId) : Results.StatusCode(404);
        return wantsJson ? Json(new VoteState(result.Upvotes, result.Voted)) : Results.LocalRedirect(back);
    }

    /// <summary>POST sets the upvote, DELETE removes it; both are idempotent and answer the resulting state.</summary>
    private static async Task<IResult> ApiAsync(HttpContext http, string rawId, bool up)
    {
        if (http.User.UserId() is not { } userId) return Error(401, "Authentication required: send a personal API token as \"Authorization: Bearer <token>\".");
        if (await Limit(http, userId) is { } tooMany) return tooMany;
        var (paperId, problem) = await ResolveAsync(http, rawId);
        if (problem is not null) return problem;
        var result = await http.RequestServices.GetRequiredService<VoteStore>().SetAsync(userId, paperId, up, http.RequestAborted);
        return result is null ? NotFound(rawId) : Json(new VoteState(result.Upvotes, result.Voted));
    }

    /// <summary>
    /// Per-account limit, taken here rather than in the rate-limiting middleware: that runs before authentication,
    /// where the account (cookie or bearer token) is not known yet and every user behind one address would share.
    /// </summary>
    private static async Task<IResult?> Limit(HttpContext http, long userId)
    {
        if (await http.RequestServices.GetRequiredService<VoteLimiter>().RetryAfterAsync(userId, http.RequestAborted) is not { } seconds) return null;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return http.Request.Path.StartsWithSegments("/api") || http.Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase)
            ? Error(429, $"Too many votes: try again in {seconds} seconds.")
            : Results.StatusCode(429); // the status-code page says "Too many requests" in the site's layout
    }

    private static async Task<(long PaperId, IResult? Problem)> ResolveAsync(HttpContext http, string rawId)
    {
        if (!ArxivId.TryParse(rawId, out var id, out var error))
            return (0, PaperIds.IsIdShaped(rawId) ? NotFound(rawId) : Error(400, error));
        var view = await http.RequestServices.GetRequiredService<PaperStore>().GetAsync(id.Id, http.RequestAborted);
        return view is null ? (0, NotFound(id.Id)) : (view.Id, null);
    }

    // The same test as LocalRedirect's: a tab or newline passed a looser check here and then made LocalRedirect throw.
    private static string LocalOr(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : fallback;

    private static int ProblemStatus(IResult r) => r is IStatusCodeHttpResult { StatusCode: { } s } ? s : 400;

    private static IResult NotFound(string id) => Error(404, $"Paper {id} not found.");

    private static IResult Json(VoteState s) => Results.Json(s, VoteJsonContext.Default.VoteState);

    private static IResult Error(int status, string message, string? location = null)
    {
        if (location is not null) return new JsonWithLocation(status, message, location);
        return Results.Json(new ApiError(message), VoteJsonContext.Default.ApiError, statusCode: status);
    }

    /// <summary>401 for our script: the body says why, Location says where to sign in.</summary>
    private sealed class JsonWithLocation(int status, string message, string location) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.Headers.Location = location;
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(JsonSerializer.Serialize(new ApiError(message), VoteJsonContext.Default.ApiError));
        }
    }
}

/// <summary>One fixed window per account, shared by the button and the API.</summary>
public sealed class VoteLimiter(VoteSettings settings) : Accounts.AccountRateLimiter(settings.PerWindow, settings.WindowSeconds);
