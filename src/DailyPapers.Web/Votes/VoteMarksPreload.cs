using DailyPapers.Web.Votes;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DailyPapers.Web;

public static class VoteMarksPreload
{
    /// <summary>
    /// Loads the pressed state of every vote button a page is about to draw, in one query, so the cards do not ask
    /// one by one (issue 11.4). Call from the page model once its papers are known.
    /// </summary>
    public static Task PreloadVotesAsync(this PageModel page, IEnumerable<long> paperIds, CancellationToken ct) =>
        page.HttpContext.RequestServices.GetRequiredService<VoteMarks>().PreloadAsync(page.User, paperIds, ct);
}
