using System.Globalization;
using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Web.Http;
using DailyPapers.Web.Pages;
using DailyPapers.Web.Throttling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DailyPapers.Web.Api;

/// <summary>GET /api/papers/search?q=&amp;limit=: HF's paper search, answering with entries shaped like daily-feed items.</summary>
public static class SearchApi
{
    public const int DefaultLimit = 50;
    /// <summary>HF's own search answers at most 120 entries.</summary>
    public const int MaxLimit = 120;

    public static async Task<Results<JsonHttpResult<List<HfDailyItem>>, ProblemHttpResult>> Search(
        SearchService search, PaperStore store, HttpContext http, string? q = null, string? limit = null)
    {
        if (string.IsNullOrWhiteSpace(q)) return Bad("missing q: give the text to search for, e.g. ?q=pretraining");
        if (SearchForm.TooLong(q)) return Bad($"q is {q.Length} characters long; the limit is {SearchForm.MaxQueryChars}");
        var size = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > MaxLimit))
            return Bad($"invalid limit \"{(limit.Length > 20 ? limit[..17] + "..." : limit)}\": expected a whole number from 1 to {MaxLimit}");

        if (!http.RequestServices.GetRequiredService<ClientLimiter>().TryEnter(http, CostKind.Search, out var seconds))
            return TooMany(seconds);
        var ct = http.RequestAborted;
        var result = await search.SearchAsync(new SearchQuery { Text = q.Trim(), Limit = size }, ct);
        if (result.Rebuilding)
        {
            http.Response.Headers.RetryAfter = "30";
            return ApiProblem.Result(StatusCodes.Status503ServiceUnavailable, "the search index is being rebuilt from the database; try again in a minute");
        }
        // HF's answer is a bare array with no room for a note: a header says which words were not searched.
        if (result.DroppedTerms.Count > 0)
            http.Response.Headers[DroppedTermsHeader] = $"{result.DroppedTerms.Count} word(s) past the limit of {search.Lexical.Bounds.MaxTerms} were not searched";
        var views = (await store.GetManyWithEntriesAsync(result.Hits.Select(h => h.PaperId).ToList(), ct)).ToDictionary(v => v.Id);
        var items = result.Hits.Where(h => views.ContainsKey(h.PaperId)).Select(h => Item(views[h.PaperId])).ToList();
        return TypedResults.Json(items, HfJsonContext.Api.ListHfDailyItem);
    }

    /// <summary>
    /// A daily item for a found paper: from its latest feed entry, as the feed would show it. A paper never featured
    /// (harvested from arXiv only) gets the same shape with its arXiv publication time as the item's publishedAt.
    /// </summary>
    public static HfDailyItem Item(PaperView view)
    {
        if (view.Entries.Count > 0) return HfMap.DailyItem(new FeedItem(view, view.Entries[^1]));
        var p = view.Paper;
        return new HfDailyItem
        {
            Paper = HfMap.PaperObject(view, null, flat: false),
            PublishedAt = HfMap.Ts(p.PublishedAt ?? view.CreatedAt)!,
            Title = PaperText.CollapseWhitespace(p.Title),
            Summary = p.Abstract,
            Thumbnail = p.Thumbnail,
            MediaUrls = p.MediaUrls.Count > 0 ? p.MediaUrls : null,
            NumComments = view.NumComments,
            Organization = HfMap.Org(p.Organization),
        };
    }

    /// <summary>Set when words of q were left out to bound the search's cost (issue 10).</summary>
    public const string DroppedTermsHeader = "X-Search-Notice";

    /// <summary>429 with Retry-After (set by the per-client limiter) as problem details.</summary>
    public static ProblemHttpResult TooMany(int seconds) => ApiProblem.Result(StatusCodes.Status429TooManyRequests, ClientLimiter.TooMany(seconds));

    private static ProblemHttpResult Bad(string message) => ApiProblem.Result(StatusCodes.Status400BadRequest, message);
}
