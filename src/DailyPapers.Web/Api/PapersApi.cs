using System.Globalization;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Web.Api;

/// <summary>
/// The Hugging Face-compatible read API: same paths, parameters and JSON as huggingface.co, so existing clients work
/// when pointed at us. Bad parameters are a 400 and unknown papers a 404, as problem details that keep HF's
/// <c>{"error": "…"}</c> field (<see cref="ApiProblem"/>).
/// </summary>
public static class PapersApi
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static IEndpointRouteBuilder MapPapersApi(this IEndpointRouteBuilder app)
    {
        // The short policy (5 s, keyed by the query string): the default policy would keep answers for a minute.
        var api = app.MapGroup("/api").CacheOutput(WebHost.ShortCachePolicy);
        api.MapGet("/daily_papers", DailyPapers);
        api.MapGet("/papers", ListPapers);
        api.MapGet("/papers/search", SearchApi.Search);
        // Catch-all so old-style ids with a slash (hep-th/9901001) route too; literal paths such as
        // /api/papers/search take precedence over it.
        api.MapGet("/papers/{**arxivId}", GetPaper);
        return app;
    }

    /// <summary>GET /api/daily_papers?p=&amp;limit=&amp;date=|week=|month=&amp;submitter=&amp;sort=</summary>
    public static async Task<Results<JsonHttpResult<List<HfDailyItem>>, ProblemHttpResult>> DailyPapers(
        PaperStore store, HttpContext http, string? p = null, string? limit = null, string? date = null, string? week = null,
        string? month = null, string? submitter = null, string? sort = null)
    {
        var ct = http.RequestAborted;
        // Reaching here with a query string means the output cache had no answer for it: a fresh database query.
        if (http.Request.QueryString.HasValue
            && !http.RequestServices.GetRequiredService<Throttling.ClientLimiter>().TryEnter(http, Throttling.CostKind.Feed, out var seconds))
            return SearchApi.TooMany(seconds);
        if (!TryInt(p, "p", 0, 0, int.MaxValue / MaxLimit, out var page, out var error)
            || !TryInt(limit, "limit", DefaultLimit, 1, MaxLimit, out var size, out error)
            || !FeedSorts.TryParse(sort, FeedSort.PublishedAt, out var order, out error))
            return Bad(error);
        var given = new[] { date, week, month }.Count(s => s is not null);
        if (given > 1) return Bad("use only one of date, week and month");
        if (submitter is { Length: 0 or > 100 }) return Bad("invalid submitter: expected a user name");

        FeedPeriod period;
        if (date is not null) { if (!FeedPeriod.TryParseDate(date, out period, out error)) return Bad(error); }
        else if (week is not null) { if (!FeedPeriod.TryParseWeek(week, out period, out error)) return Bad(error); }
        else if (month is not null) { if (!FeedPeriod.TryParseMonth(month, out period, out error)) return Bad(error); }
        else if (submitter is not null) period = new FeedPeriod(PeriodKind.Month, DateOnly.MinValue, DateOnly.MaxValue); // all of a user's submissions
        else if (await store.GetLatestFeedDateAsync(ct) is { } latest) period = FeedPeriod.Day(latest); // as HF: the newest day
        else return TypedResults.Json(new List<HfDailyItem>(), HfJsonContext.Api.ListHfDailyItem);

        var feed = await store.GetFeedAsync(new FeedQuery(period.From, period.To)
        {
            Sort = order, Offset = page * size, Limit = size, Submitter = submitter,
        }, ct);
        return TypedResults.Json(feed.Items.Select(HfMap.DailyItem).ToList(), HfJsonContext.Api.ListHfDailyItem);
    }

    /// <summary>GET /api/papers/{arxivId}: the flat paper object.</summary>
    public static async Task<Results<JsonHttpResult<HfPaper>, ProblemHttpResult>> GetPaper(
        PaperStore store, HttpContext http, string? arxivId)
    {
        var find = await PaperLookup.FindAsync(store, arxivId, http.RequestAborted);
        if (find.Paper is not { } view) return ApiProblem.Result(find.Status, find.Message!);
        var entry = view.Entries.Count > 0 ? view.Entries[^1] : null;
        return TypedResults.Json(HfMap.PaperObject(view, entry, flat: true), HfJsonContext.Api.HfPaper);
    }

    /// <summary>GET /api/papers?cursor=&amp;limit=: every paper, newest publication first; the next page is in the Link header.</summary>
    public static async Task<Results<JsonHttpResult<List<HfPaper>>, ProblemHttpResult>> ListPapers(
        PaperStore store, HttpContext http, string? cursor = null, string? limit = null)
    {
        if (!TryInt(limit, "limit", DefaultLimit, 1, MaxLimit, out var size, out var error)) return Bad(error);
        if (cursor is { Length: 0 or > 200 }) return Bad("invalid cursor: use the value of a previous response's next link");
        IReadOnlyList<PaperView> papers;
        string? next;
        try
        {
            (papers, next) = await store.ListAsync(cursor, size, http.RequestAborted);
        }
        catch (FormatException e)
        {
            return Bad(e.Message);
        }
        if (next is not null)
        {
            var url = $"{http.SiteBase()}/api/papers?cursor={Uri.EscapeDataString(next)}&limit={size}";
            http.Response.Headers.Link = $"<{url}>; rel=\"next\"";
        }
        return TypedResults.Json(papers.Select(v => HfMap.PaperObject(v, null, flat: true)).ToList(), HfJsonContext.Api.ListHfPaper);
    }

    private static ProblemHttpResult Bad(string message) => ApiProblem.Result(StatusCodes.Status400BadRequest, message);

    private static bool TryInt(string? s, string name, int fallback, int min, int max, out int value, out string error)
    {
        error = "";
        value = fallback;
        if (s is null) return true;
        if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max) return true;
        error = $"invalid {name} \"{(s.Length > 20 ? s[..17] + "..." : s)}\": expected a whole number from {min} to {max}";
        return false;
    }
}
