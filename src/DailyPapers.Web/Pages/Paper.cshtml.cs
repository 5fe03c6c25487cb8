using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace DailyPapers.Web.Pages;

/// <summary>
/// /papers/{arxivId} and /papers/{arxivId}.md. The route is a catch-all so old-style ids with a slash
/// (hep-th/9901001) route; literal routes (/papers/date/…, /papers/feed.rss) take precedence over it.
/// </summary>
[OutputCache(PolicyName = WebHost.ShortCachePolicy)]
public sealed partial class PaperModel(PaperStore store, SearchService search) : AppPageModel
{
    public const string MarkdownSuffix = ".md";

    public PaperView? View { get; private set; }
    public Paper Paper => View!.Paper;
    public DailyEntry? LatestEntry => View is { Entries.Count: > 0 } v ? v.Entries[^1] : null;
    public OrganizationRef? Organization => Paper.Organization ?? LatestEntry?.Organization;
    public IReadOnlyList<string> Paragraphs => PaperText.Paragraphs(Paper.Abstract);
    public IEnumerable<PaperAuthor> Authors => Paper.Authors;
    public ArxivId Id => new(Paper.ArxivId, null);
    /// <summary>Nearest papers by meaning (or, before vectors exist, by shared title and keyword terms).</summary>
    public IReadOnlyList<PaperCardModel> Similar { get; private set; } = [];

    /// <summary>A POST naming no handler (e.g. to a mistyped upvote path) has no paper to render: 405, not a null paper.</summary>
    public IActionResult OnPost()
    {
        Response.Headers.Allow = "GET, HEAD";
        return ShowProblem(StatusCodes.Status405MethodNotAllowed, "Not allowed", "This address is a paper page; it can only be read.");
    }

    public async Task<IActionResult> OnGetAsync(string? id)
    {
        var markdown = id is not null && id.EndsWith(MarkdownSuffix, StringComparison.OrdinalIgnoreCase);
        var raw = markdown ? id![..^MarkdownSuffix.Length] : id;
        var parsed = Http.PaperLookup.Parse(raw);
        if (parsed.Message is { } error)
        {
            if (parsed.Status == StatusCodes.Status404NotFound) return NotFoundPage(raw!, markdown);
            return markdown ? Text(400, error) : ShowProblem(400, "Not an arXiv id", error);
        }
        var arxivId = parsed.Id;
        // One address per paper: versions, arXiv: prefixes and pasted arxiv.org links go to the canonical page.
        if (arxivId.Id != raw)
            return RedirectPermanent($"/papers/{arxivId.Id}{(markdown ? MarkdownSuffix : "")}");

        View = await store.GetAsync(arxivId.Id, HttpContext.RequestAborted);
        if (View is null) return NotFoundPage(arxivId.Id, markdown);
        if (!markdown) await LoadAuthorshipAsync(HttpContext.RequestAborted);   // Paper.Authorship.cs
        if (markdown)
            return Content(PaperMarkdown.Render(View, HttpContext.SiteBase()), "text/markdown; charset=utf-8");
        await LoadSubmissionAsync(HttpContext.RequestAborted);
        LoadCollections();
        var similar = await SimilarPapers.FindAsync(search, View, SimilarPapers.OnPaperPage, HttpContext.RequestAborted);
        Similar = await SearchCards.BuildAsync(store, similar.Hits, highlight: false, HttpContext.RequestAborted);
        await this.PreloadVotesAsync(Similar.Select(c => c.View.Id).Append(View.Id), HttpContext.RequestAborted);
        await LoadCommentsAsync(); // Paper.Comments.cs
        ViewData["Title"] = PaperText.CollapseWhitespace(Paper.Title);
        ViewData["Description"] = PaperText.Teaser(Paper.Abstract, 200);
        ViewData["Canonical"] = $"/papers/{Paper.ArxivId}";
        ViewData["OgType"] = "article";
        return Page();
    }

    private IActionResult NotFoundPage(string id, bool markdown)
    {
        var message = $"There is no paper {id} here. It may not have been featured or harvested yet.";
        return markdown ? Text(404, message) : ShowProblem(404, "Paper not found", message);
    }

    private ContentResult Text(int status, string message) =>
        new() { StatusCode = status, Content = message + "\n", ContentType = "text/plain; charset=utf-8" };
}
