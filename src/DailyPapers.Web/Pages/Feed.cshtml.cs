using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Web.Jobs;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace DailyPapers.Web.Pages;

/// <summary>
/// The daily feed: one day, ISO week or month of featured papers, with links to the nearest periods that have papers.
/// Routes (see <see cref="WebHost"/>): /, /papers, /papers/date/{date}, /papers/week/{week}, /papers/month/{month}.
/// </summary>
[OutputCache(PolicyName = WebHost.ShortCachePolicy)]
public sealed partial class FeedModel(PaperStore store, DemoCorpusStatus demo, SearchService search) : AppPageModel
{
    public const int PageSize = 50;

    public FeedPeriod? Period { get; private set; }
    public FeedSort Sort { get; private set; } = FeedSort.Trending;
    public IReadOnlyList<FeedItem> Items { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public FeedPeriod? Previous { get; private set; }
    public FeedPeriod? Next { get; private set; }
    /// <summary>Shown while the first-start import runs, so an empty feed is explained.</summary>
    public string? ImportNotice { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? date, string? week, string? month, string? sort)
    {
        var ct = HttpContext.RequestAborted;
        if (IsSearch) return Throttle(Web.Throttling.CostKind.Search) ?? await OnSearchAsync(ct); // /papers?q=… and /papers?similar_to=… (Feed.Search.cs)
        // Reaching here with a query string means the output cache had no answer for it: a fresh database query.
        if (Request.QueryString.HasValue && Throttle(Web.Throttling.CostKind.Feed) is { } tooMany) return tooMany;
        // Read from the query string: "page" is a route value of Razor Pages (the page's own name).
        var page = Request.Query["page"].FirstOrDefault();
        if (demo.Running) ImportNotice = demo.Message ?? "Importing the demo corpus…";

        // /papers?date=… (the date picker, which works without JavaScript) goes to the canonical address.
        if (RouteData.Values["date"] is null && Request.Query.ContainsKey("date"))
        {
            if (!FeedPeriod.TryParseDate(date, out var picked, out var pickError)) return ShowProblem(400, "Bad date", pickError);
            return Redirect(picked.Path);
        }
        if (!FeedSorts.TryParse(sort, FeedSort.Trending, out var order, out var error)) return ShowProblem(400, "Bad sort order", error);
        if (page is not null && (!int.TryParse(page, out var n) || n < 1 || n > 10_000))
            return ShowProblem(400, "Bad page number", $"invalid page \"{(page.Length > 20 ? page[..17] + "..." : page)}\": expected a whole number from 1");
        PageNumber = page is null ? 1 : int.Parse(page);

        FeedPeriod period;
        if (RouteData.Values.ContainsKey("date")) { if (!FeedPeriod.TryParseDate(date, out period, out error)) return ShowProblem(400, "Bad date", error); }
        else if (RouteData.Values.ContainsKey("week")) { if (!FeedPeriod.TryParseWeek(week, out period, out error)) return ShowProblem(400, "Bad week", error); }
        else if (RouteData.Values.ContainsKey("month")) { if (!FeedPeriod.TryParseMonth(month, out period, out error)) return ShowProblem(400, "Bad month", error); }
        else if (await store.GetLatestFeedDateAsync(ct) is { } latest) period = FeedPeriod.Day(latest);
        else
        {
            ViewData["Title"] = "Daily Papers";
            return Page(); // empty database: the empty state (or the import notice)
        }
        Period = period;
        Sort = string.IsNullOrEmpty(sort) ? DefaultSort(period.Kind) : order;
        ViewData["Title"] = period.Kind == PeriodKind.Day ? $"Daily Papers · {Fmt.Date(period.From)}" : $"Daily Papers · {period.Label}";

        var feed = await store.GetFeedAsync(new FeedQuery(period.From, period.To)
        {
            Sort = Sort, Offset = (PageNumber - 1) * PageSize, Limit = PageSize,
        }, ct);
        (Items, Total) = (feed.Items, feed.Total);
        // Signed-in users see which papers they upvoted (one query for the page; anonymous pages query nothing).
        await this.PreloadVotesAsync(Items.Select(i => i.Paper.Id), ct);
        if (Total > 0 && PageNumber > PageCount) return ShowProblem(404, "No such page", $"{period.Label} has {PageCount} page(s) of papers, not {PageNumber}.");

        var (prev, next) = await store.GetNeighbourDatesAsync(period.From, period.To, ct);
        Previous = prev is { } p ? FeedPeriod.Of(period.Kind, p) : null;
        Next = next is { } x ? FeedPeriod.Of(period.Kind, x) : null;
        return Page();
    }

    /// <summary>A link to another period keeping the sort order (the default is left out to keep URLs short).</summary>
    public string Link(FeedPeriod p, int pageNumber = 1) => Query(p, Sort, pageNumber);

    /// <summary>A Day/Week/Month tab starts at that view's default order.</summary>
    public string TabLink(PeriodKind kind) => Query(Tab(kind), DefaultSort(kind), 1);

    public string SortLink(FeedSort s) => Query(Period!.Value, s, 1);

    /// <summary>A day ranks by trending (votes and recency); across a week or month recency would bury the best papers.</summary>
    public static FeedSort DefaultSort(PeriodKind kind) => kind == PeriodKind.Day ? FeedSort.Trending : FeedSort.Upvotes;

    private static string Query(FeedPeriod p, FeedSort sort, int pageNumber)
    {
        var path = p.Path;
        var q = new List<string>();
        if (sort != DefaultSort(p.Kind)) q.Add("sort=" + FeedSorts.Name(sort));
        if (pageNumber > 1) q.Add("page=" + pageNumber);
        return q.Count == 0 ? path : path + "?" + string.Join("&", q);
    }

    /// <summary>The period a Day/Week/Month tab leads to: the one containing the newest day shown here.</summary>
    public FeedPeriod Tab(PeriodKind kind)
    {
        var anchor = Period!.Value.Kind == PeriodKind.Day || Items.Count == 0
            ? Period.Value.To
            : Items.Max(i => i.Entry.FeedDate);
        return FeedPeriod.Of(kind, anchor);
    }
}
