using System.Text.Json.Serialization;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Http;
using Microsoft.AspNetCore.Antiforgery;

namespace DailyPapers.Web.Votes;

/// <summary>The answer of every vote endpoint (HF-style field names).</summary>
public sealed record VoteState([property: JsonPropertyName("upvotes")] int Upvotes, [property: JsonPropertyName("upvoted")] bool Upvoted);

[JsonSerializable(typeof(VoteState))]
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

        var find = await PaperLookup.FindAsync(http.RequestServices.GetRequiredService<PaperStore>(), rawId, ct);
        if (find.Paper is null) return wantsJson ? ApiProblem.Result(find.Status, find.Message!) : Results.StatusCode(find.Status);
        var paperId = find.Paper.Id;

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
        var (paper, problem) = await PaperLookup.FindAsync(http, rawId);
        if (paper is null) return problem!;
        var result = await http.RequestServices.GetRequiredService<VoteStore>().SetAsync(userId, paper.Id, up, http.RequestAborted);
        return result is null ? NotFound(rawId) : Json(new VoteState(result.Upvotes, result.Voted));
    }

    /// <summary>
    /// Per-account limit, taken here rather than in the rate-limiting middleware: that runs before authentication,
    /// where the account (cookie or bearer token) is not known yet and every user behind one address would share.
    /// The button without JavaScript gets the site's "Too many requests" page.
    /// </summary>
    private static Task<IResult?> Limit(HttpContext http, long userId) =>
        TooManyRequests.CheckAsync(http, http.RequestServices.GetRequiredService<VoteLimiter>(), userId, "votes");

    // The same test as LocalRedirect's: a tab or newline passed a looser check here and then made LocalRedirect throw.
    private static string LocalOr(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : fallback;

    private static IResult NotFound(string id) => ApiProblem.Result(StatusCodes.Status404NotFound, PaperLookup.NotFoundMessage(id));

    private static IResult Json(VoteState s) => Results.Json(s, VoteJsonContext.Default.VoteState);

    private static IResult Error(int status, string message, string? location = null)
    {
        if (location is not null) return new WithLocation(ApiProblem.Result(status, message), location);
        return ApiProblem.Result(status, message);
    }

    /// <summary>401 for our script: the body says why, Location says where to sign in.</summary>
    private sealed class WithLocation(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.Location = location;
            return inner.ExecuteAsync(http);
        }
    }
}

/// <summary>One fixed window per account, shared by the button and the API.</summary>
public sealed class VoteLimiter(VoteSettings settings) : Accounts.AccountRateLimiter(settings.PerWindow, settings.WindowSeconds);
