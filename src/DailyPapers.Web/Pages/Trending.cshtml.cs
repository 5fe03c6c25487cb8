using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Votes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace DailyPapers.Web.Pages;

/// <summary>
/// /papers/trending: the papers featured in the last <see cref="WindowDays"/> feed days, each once, by stored
/// hotness (see Ranking/Hotness.cs). The window ends at the newest feed day, not the clock, so an instance that
/// stopped harvesting (or the demo corpus) still shows its latest week.
/// </summary>
[OutputCache(PolicyName = WebHost.ShortCachePolicy)]
public sealed class TrendingModel(PaperStore store) : AppPageModel
{
    public const int PageSize = 30;
    public const int WindowDays = 7;

    public IReadOnlyList<PaperView> Papers { get; private set; } = [];
    public int Total { get; private set; }
    public int PageNumber { get; private set; } = 1;
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
    public DateOnly? From { get; private set; }
    public DateOnly? To { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var ct = HttpContext.RequestAborted;
        ViewData["Title"] = "Trending papers";
        var page = Request.Query["page"].FirstOrDefault();
        if (page is not null && (!int.TryParse(page, out var n) || n < 1 || n > 10_000))
            return ShowProblem(400, "Bad page number", $"invalid page \"{(page.Length > 20 ? page[..17] + "..." : page)}\": expected a whole number from 1");
        PageNumber = page is null ? 1 : int.Parse(page);
        if (await store.GetLatestFeedDateAsync(ct) is not { } latest) return Page();
        (From, To) = (latest.AddDays(1 - WindowDays), latest);
        (Papers, Total) = await store.GetTrendingAsync(From.Value, To.Value, (PageNumber - 1) * PageSize, PageSize, ct);
        if (Total > 0 && PageNumber > PageCount) return ShowProblem(404, "No such page", $"Trending has {PageCount} page(s) of papers, not {PageNumber}.");
        await this.PreloadVotesAsync(Papers.Select(p => p.Id), ct);
        return Page();
    }

    public static string Link(int pageNumber) => pageNumber > 1 ? $"/papers/trending?page={pageNumber}" : "/papers/trending";
}
