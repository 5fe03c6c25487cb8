namespace DailyPapers.Web.Pages;

/// <summary>
/// What the layout writes into every page's head and header besides the page's own content: where the visitor is
/// (the header's current section), the canonical address, and the description that sharing previews show.
/// Pages override with ViewData["Canonical"] (a site path; "" for none, as on search results) and ViewData["Description"].
/// </summary>
public static class SiteMeta
{
    public const string DefaultDescription =
        "DailyPapers: a daily feed of research papers from arXiv, with upvotes, discussion, search, collections and digests.";

    /// <summary>
    /// The header's sections: label, address, whether a path belongs to it, and whether it belongs to it.
    /// RSS and API (<see cref="IsSecondary"/>) are in the menu and the footer, left out of the wide header's row.
    /// </summary>
    public static readonly IReadOnlyList<(string Label, string Href, Func<string, bool> Owns)> Sections =
    [
        ("Papers", "/papers", p => p is "/" or "/papers" || p.StartsWith("/papers/date/", StringComparison.Ordinal)
            || p.StartsWith("/papers/week/", StringComparison.Ordinal) || p.StartsWith("/papers/month/", StringComparison.Ordinal)),
        ("Trending", "/papers/trending", p => p == "/papers/trending"),
        ("Organisations", "/organizations", p => p == "/organizations" || p.StartsWith("/organizations/", StringComparison.Ordinal)),
        ("Collections", "/collections", p => p == "/collections" || p.Contains("/collections/", StringComparison.Ordinal)),
        ("Submit", "/papers/submit", p => p == "/papers/submit"),
        ("RSS", "/papers/feed.rss", _ => false),
        ("API", "/api/daily_papers", _ => false),
    ];

    public static bool IsSecondary(string href) => href is "/papers/feed.rss" or "/api/daily_papers";

    /// <summary>
    /// The canonical path of a request: the page's own choice, else its path without query (but with ?page=N, which
    /// is a different list), with "/" folded into "/papers" (both show the latest day). Null: write no canonical link.
    /// </summary>
    public static string? CanonicalPath(HttpRequest request, object? pageChoice)
    {
        if (pageChoice is string chosen) return chosen.Length == 0 ? null : chosen;
        var path = request.Path.Value is { Length: > 0 } p ? p : "/";
        if (path == "/") path = "/papers";
        var page = request.Query["page"].FirstOrDefault();
        return page is { Length: > 0 } && int.TryParse(page, out var n) && n > 1 ? $"{path}?page={n}" : path;
    }
}
