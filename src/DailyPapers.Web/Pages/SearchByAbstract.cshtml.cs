using DailyPapers.Search;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Mvc;

namespace DailyPapers.Web.Pages;

/// <summary>
/// /papers/search-by-abstract: paste a paragraph (an abstract, a draft's introduction) and get the papers nearest in
/// meaning. A POST form (with the antiforgery token Razor Pages adds) since a paragraph does not belong in a URL.
/// </summary>
public sealed class SearchByAbstractModel(PaperStore store, SearchService search) : AppPageModel
{
    /// <summary>Long enough for any abstract (arXiv caps them near 1,920 characters) with room for a long paragraph.</summary>
    public const int MaxChars = 5000;
    /// <summary>Fewer letters than this is a query, not a paragraph: the regular search serves it better.</summary>
    public const int MinChars = 20;
    public const int ResultCount = 20;

    [BindProperty] public string? Text { get; set; }
    public string? Error { get; private set; }
    public IReadOnlyList<PaperCardModel>? Results { get; private set; }

    public void OnGet() => ViewData["Title"] = "Search by abstract";

    public async Task<IActionResult> OnPostAsync()
    {
        ViewData["Title"] = "Search by abstract";
        var text = Text?.Trim() ?? "";
        Error = Validate(text);
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var limiter = HttpContext.RequestServices.GetRequiredService<Throttling.ClientLimiter>();
        if (!limiter.TryEnter(HttpContext, Throttling.CostKind.Search, out var seconds))
        {
            Error = Throttling.ClientLimiter.TooMany(seconds);
            Response.StatusCode = StatusCodes.Status429TooManyRequests;
            return Page();
        }
        var ct = HttpContext.RequestAborted;
        var result = await search.SearchByTextAsync(text, ResultCount, ct);
        if (result.Useless)
        {
            Error = "Nothing in this text can be searched: it has no words. Paste the paragraph itself.";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Results = await SearchCards.BuildAsync(store, result.Hits, highlight: false, ct);
        await this.PreloadVotesAsync(Results.Select(c => c.View.Id), ct);
        return Page();
    }

    public static string? Validate(string text)
    {
        if (text.Length == 0) return "Paste a paragraph first: an abstract, or a few sentences describing the idea.";
        if (text.Length > MaxChars)
            return $"The text is {text.Length:N0} characters long; the limit is {MaxChars:N0} (about a page). Paste one paragraph, such as the abstract.";
        if (text.Count(char.IsLetter) < MinChars)
            return $"That is too short to compare by meaning. Write at least a sentence, or use the search box for a few words.";
        return null;
    }
}
