using System.Text.Json;
using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Api;
using DailyPapers.Web.Http;

namespace DailyPapers.Web.Submissions;

/// <summary>
/// <c>POST /api/papers/submit</c> (bearer token): the page's submission for scripts, with the same rules and the
/// same per-account limit. Body: <c>{"arxiv_id": "…", "organization": "…", "comment": "…", "media_urls": ["…"]}</c>
/// (<c>"paper"</c> is taken for <c>"arxiv_id"</c>). Answers 201 with the paper in HF's shape.
/// </summary>
public static class SubmissionEndpoints
{
    /// <summary>What one outcome answers, on the API and as the page's status code.</summary>
    public static int Status(SubmitOutcome outcome) => outcome switch
    {
        SubmitOutcome.Featured => StatusCodes.Status201Created,
        SubmitOutcome.Refused => StatusCodes.Status403Forbidden,
        SubmitOutcome.Duplicate => StatusCodes.Status409Conflict,
        SubmitOutcome.UnknownOrganization or SubmitOutcome.BadInput => StatusCodes.Status400BadRequest,
        SubmitOutcome.NoAccount => StatusCodes.Status401Unauthorized,
        SubmitOutcome.NotOnArxiv => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status502BadGateway,
    };

    public static IEndpointRouteBuilder MapSubmissions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/papers/submit", (Func<HttpContext, Task<IResult>>)SubmitAsync).RequireAuthorization(AuthNames.ApiUser);
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        if (http.User.UserId() is not { } userId)
            return Error(401, "Authentication required: send a personal API token as \"Authorization: Bearer <token>\".");
        if (await TooManyRequests.CheckAsync(http, http.RequestServices.GetRequiredService<SubmitLimiter>(), userId, "submissions") is { } tooMany)
            return tooMany;
        var (form, problem) = await ReadAsync(http);
        if (form is null) return Error(400, problem!);

        var result = await http.RequestServices.GetRequiredService<PaperSubmitter>().SubmitAsync(userId, form, ct);
        var status = Status(result.Outcome);
        switch (result.Outcome)
        {
            case SubmitOutcome.Featured:
                var view = (await http.RequestServices.GetRequiredService<PaperStore>().GetAsync(result.ArxivId, ct))!;
                var entry = view.Entries.LastOrDefault(e => e.Source == SubmissionStore.Source) ?? view.Entries.LastOrDefault();
                return new Created(Results.Json(HfMap.PaperObject(view, entry, flat: true), HfJsonContext.Api.HfPaper, statusCode: status),
                    "/api/papers/" + result.ArxivId);
            case SubmitOutcome.Duplicate:
                // Problem details saying why, plus where the paper already is (url, and feed_date when it was featured).
                var conflict = ApiProblem.Details(status, result.Message);
                conflict.Extensions["url"] = PaperUrl(http, result.ArxivId);
                if (result.FeedDate is { } d) conflict.Extensions["feed_date"] = SqlTime.Date(d);
                return TypedResults.Problem(conflict);
            default:
                return Error(status, result.Message);
        }
    }

    private static string PaperUrl(HttpContext http, string arxivId) => $"{http.SiteBase()}/papers/{arxivId}";

    /// <summary>The JSON body as a form, or what is wrong with it.</summary>
    private static async Task<(SubmissionForm? Form, string? Problem)> ReadAsync(HttpContext http)
    {
        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted); }
        catch (JsonException e) { return (null, $"The body is not JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (null, "The body must be a JSON object such as {\"arxiv_id\": \"2401.12345\"}.");
            string? Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            foreach (var name in new[] { "arxiv_id", "paper", "organization", "comment" })
                if (root.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                    return (null, $"\"{name}\" must be a string.");
            var media = new List<string>();
            if (root.TryGetProperty("media_urls", out var m) && m.ValueKind != JsonValueKind.Null)
            {
                if (m.ValueKind != JsonValueKind.Array || m.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                    return (null, "\"media_urls\" must be an array of strings.");
                media.AddRange(m.EnumerateArray().Select(x => x.GetString()!));
            }
            return (new SubmissionForm(Text("arxiv_id") ?? Text("paper"), Text("organization"), Text("comment"), media), null);
        }
    }

    private static IResult Error(int status, string message) => ApiProblem.Result(status, message);

    /// <summary>201 with a Location header and the JSON body.</summary>
    private sealed class Created(IResult json, string location) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => StatusCodes.Status201Created;
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.Location = location;
            return json.ExecuteAsync(http);
        }
    }
}
