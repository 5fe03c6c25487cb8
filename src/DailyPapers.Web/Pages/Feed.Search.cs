using DailyPapers.Papers;
using DailyPapers.Search;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages;

/// <summary>A page of search results at /papers?q=… (the search box's target).</summary>
public sealed record SearchPageView(SearchForm Form, SearchResult Result, IReadOnlyList<PaperCardModel> Cards, IReadOnlyList<OrganizationChoice> Organizations)
{
    /// <summary>
    /// Results reachable by paging, which the header counts (issue 14.3): the engine's total is already what its
    /// pages reach for relevance (the fused candidates); other sorts page through every match up to the last page.
    /// </summary>
    public int Reachable => Math.Min(Result.Total, SearchForm.MaxPage * SearchForm.PageSize);
    public int PageCount => Math.Clamp((Reachable + SearchForm.PageSize - 1) / SearchForm.PageSize, 1, SearchForm.MaxPage);
    /// <summary>Matches exist beyond what paging reaches (relevance ranks the top candidates only).</summary>
    public bool Truncated => Result.Matches > Reachable;
    /// <summary>Offer the category filter only when some paper has a category (the demo corpus has none).</summary>
    public bool HasCategories { get; init; } = true;
}

/// <summary>The full list of a paper's neighbours at /papers?similar_to=ID.</summary>
public sealed record SimilarPageView(PaperView Paper, IReadOnlyList<PaperCardModel> Cards, bool ByMeaning);

// /papers is the feed's address and also the search's (?q=…) and the similar list's (?similar_to=…), as on HF.
public sealed partial class FeedModel
{
    public SearchPageView? Search { get; private set; }
    public SimilarPageView? Similar { get; private set; }

    /// <summary>Organisation suggestions offered in the filter; the list is small, so a cap only guards a pathological table.</summary>
    private const int MaxOrganizationChoices = 2000;

    private static readonly string[] SearchKeys = ["q", "similar_to"];

    private bool IsSearch => RouteData.Values["date"] is null && RouteData.Values["week"] is null && RouteData.Values["month"] is null
        && SearchKeys.Any(Request.Query.ContainsKey);

    private async Task<IActionResult> OnSearchAsync(CancellationToken ct)
    {
        if (!Request.Query.ContainsKey("q")) return await OnSimilarAsync(Request.Query["similar_to"].FirstOrDefault(), ct);
        if (!SearchForm.TryParse(k => Request.Query[k].FirstOrDefault(), out var form, out var error))
            return ShowProblem(400, "Cannot search like that", error);
        ViewData["SearchQuery"] = form.Q;
        ViewData["Canonical"] = ""; // a result list is not a page of its own for search engines
        ViewData["Title"] = form.Q.Length > 0 ? $"{form.Q} · Search" : "Search";
        var orgs = await store.GetOrganizationChoicesAsync(MaxOrganizationChoices, ct);
        var result = await search.SearchAsync(form.ToQuery(), ct);
        if (result.Rebuilding) return SearchRebuilding();
        // One pasted id, link or DOI of a paper here: go to it (issue 14.1). A list, or an id not here, is listed.
        if (result.RequestedIds is [var only] && result.Hits is [var hit] && hit.ArxivId == only) return Redirect($"/papers/{hit.ArxivId}");
        var cards = await SearchCards.BuildAsync(store, result.Hits, highlight: true, ct);
        await this.PreloadVotesAsync(cards.Select(c => c.View.Id), ct);
        Search = new SearchPageView(form, result, cards, orgs);
        Search = Search with { HasCategories = search.Lexical.HasCategories };
        if (form.Page > 1 && form.Page > Search.PageCount && !result.Useless)
            return ShowProblem(404, "No such page", $"This search has {Search.PageCount} page(s) of results, not {form.Page}.");
        return Page();
    }

    /// <summary>503 with Retry-After (never cached) while this node rebuilds its index; the feed and paper pages still serve.</summary>
    private IActionResult SearchRebuilding()
    {
        Response.Headers.RetryAfter = "30";
        return ShowProblem(503, "Search is being rebuilt", "This server is rebuilding its search index from the database. " +
            "The daily feed and paper pages work meanwhile; try the search again in a minute.");
    }

    private async Task<IActionResult> OnSimilarAsync(string? raw, CancellationToken ct)
    {
        var find = await Http.PaperLookup.FindAsync(store, raw, ct);
        if (find.Paper is not { } paper)
            return find.Status == StatusCodes.Status404NotFound
                ? ShowProblem(404, "Paper not found", $"There is no paper {(find.Id.Id ?? raw!.Trim())} here, so there is nothing to compare with.")
                : ShowProblem(400, "Not an arXiv id", $"similar_to: {find.Message}");
        var found = await SimilarPapers.FindAsync(search, paper, SimilarPapers.FullList, ct);
        Similar = new SimilarPageView(paper, await SearchCards.BuildAsync(store, found.Hits, highlight: false, ct), found.ByMeaning);
        await this.PreloadVotesAsync(Similar.Cards.Select(c => c.View.Id), ct);
        ViewData["Title"] = $"Similar to {PaperText.CollapseWhitespace(paper.Paper.Title)}";
        ViewData["Canonical"] = "";
        return Page();
    }
}
