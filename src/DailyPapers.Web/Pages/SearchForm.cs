using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DailyPapers.Search;

namespace DailyPapers.Web.Pages;

/// <summary>
/// The search page's query string (<c>/papers?q=…&amp;sort=…&amp;published_from=…</c>) parsed strictly: a typo in a
/// filter is a 400 that names it, never a silently different search. Empty values (what a GET form sends for a
/// blank field) count as absent. <see cref="Link"/> writes the same parameters back, leaving defaults out.
/// </summary>
public sealed partial record SearchForm
{
    /// <summary>Longest search text accepted; a paragraph belongs in "search by abstract".</summary>
    public const int MaxQueryChars = 250;
    /// <summary>Longest reading list of pasted ids or links accepted (about 80 abs links): only ids, so cheap to answer.</summary>
    public const int MaxIdListChars = 4000;

    /// <summary>Whether <paramref name="q"/> is too long to search: text past <see cref="MaxQueryChars"/>, unless it is a list of ids.</summary>
    public static bool TooLong(string q) =>
        q.Length > MaxQueryChars && (q.Length > MaxIdListChars || Papers.ArxivId.TryParseList(q) is null);
    public const int PageSize = 20;
    /// <summary>Relevance is fused from the engine's top candidates, so only those pages exist (newest/upvotes page through all).</summary>
    public const int RelevanceDepth = SearchService.FusionDepth;
    /// <summary>Bounds the cost of deep pages (offset + limit documents are collected per request).</summary>
    public const int MaxPage = 500;
    public const int MaxUpvotes = 1_000_000;

    public string Q { get; init; } = "";
    public DateOnly? PublishedFrom { get; init; }
    public DateOnly? PublishedTo { get; init; }
    public DateOnly? FeedFrom { get; init; }
    public DateOnly? FeedTo { get; init; }
    public string? Category { get; init; }
    public string? Organization { get; init; }
    public bool? HasCode { get; init; }
    public int? MinUpvotes { get; init; }
    public SearchSort Sort { get; init; } = SearchSort.Relevance;
    public int Page { get; init; } = 1;

    public int FilterCount =>
        (PublishedFrom is not null || PublishedTo is not null ? 1 : 0) + (FeedFrom is not null || FeedTo is not null ? 1 : 0)
        + (Category is not null ? 1 : 0) + (Organization is not null ? 1 : 0) + (HasCode is not null ? 1 : 0) + (MinUpvotes is not null ? 1 : 0);

    public SearchQuery ToQuery() => new()
    {
        Text = Q, PublishedFrom = PublishedFrom, PublishedTo = PublishedTo, FeedFrom = FeedFrom, FeedTo = FeedTo,
        Category = Category, Organization = Organization, HasCode = HasCode, MinUpvotes = MinUpvotes,
        Sort = Sort, Offset = (Page - 1) * PageSize, Limit = PageSize,
    };

    [GeneratedRegex(@"^[A-Za-z][A-Za-z-]{0,15}(\.[A-Za-z][A-Za-z-]{0,15})?$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryShape();

    /// <summary>Parses the query string; <paramref name="get"/> returns a parameter's first value or null.</summary>
    public static bool TryParse(Func<string, string?> get, [NotNullWhen(true)] out SearchForm? form, [NotNullWhen(false)] out string? error)
    {
        form = null;
        var q = get("q") ?? "";
        if (TooLong(q))
        {
            error = $"The search text is {q.Length:N0} characters long; the limit is {MaxQueryChars}. Shorten it, or paste a whole paragraph into Search by abstract.";
            return false;
        }
        string? Value(string name) => get(name) is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        if (!TryDate(Value("published_from"), "published_from", out var pf, out error)
            || !TryDate(Value("published_to"), "published_to", out var pt, out error)
            || !TryDate(Value("feed_from"), "feed_from", out var ff, out error)
            || !TryDate(Value("feed_to"), "feed_to", out var ft, out error))
            return false;
        if (pf > pt) { error = $"The published date range is reversed: {Fmt.Iso(pf!.Value)} is after {Fmt.Iso(pt!.Value)}."; return false; }
        if (ff > ft) { error = $"The feed date range is reversed: {Fmt.Iso(ff!.Value)} is after {Fmt.Iso(ft!.Value)}."; return false; }

        var category = Value("category");
        if (category is not null && !CategoryShape().IsMatch(category))
        {
            error = $"invalid category \"{Short(category)}\": expected an arXiv category such as cs.CL or math.PR";
            return false;
        }
        var org = Value("org");
        if (org is { Length: > 100 }) { error = "invalid org: expected an organisation name of at most 100 characters"; return false; }

        bool? hasCode = null;
        switch (Value("has_code")?.ToLowerInvariant())
        {
            case null or "any": break;
            case "yes" or "true" or "1": hasCode = true; break;
            case "no" or "false" or "0": hasCode = false; break;
            case var other: error = $"invalid has_code \"{Short(other)}\": expected yes, no or any"; return false;
        }
        int? minUpvotes = null;
        if (Value("min_upvotes") is { } mu)
        {
            if (!int.TryParse(mu, NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m > MaxUpvotes)
            {
                error = $"invalid min_upvotes \"{Short(mu)}\": expected a whole number from 0 to {MaxUpvotes:N0}";
                return false;
            }
            if (m > 0) minUpvotes = m;
        }
        if (!TrySort(Value("sort"), out var sort, out error)) return false;
        var page = 1;
        if (Value("page") is { } p && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1 || page > MaxPage))
        {
            error = $"invalid page \"{Short(p)}\": expected a whole number from 1 to {MaxPage}";
            return false;
        }
        form = new SearchForm
        {
            Q = q.Trim(), PublishedFrom = pf, PublishedTo = pt, FeedFrom = ff, FeedTo = ft, Category = category,
            Organization = org, HasCode = hasCode, MinUpvotes = minUpvotes, Sort = sort, Page = page,
        };
        return true;
    }

    public static string SortName(SearchSort s) => s switch
    {
        SearchSort.Newest => "newest",
        SearchSort.Upvotes => "upvotes",
        _ => "relevance",
    };

    public static bool TrySort(string? s, out SearchSort sort, [NotNullWhen(false)] out string? error)
    {
        error = null;
        switch (s?.ToLowerInvariant())
        {
            case null or "" or "relevance": sort = SearchSort.Relevance; return true;
            case "newest": sort = SearchSort.Newest; return true;
            case "upvotes": sort = SearchSort.Upvotes; return true;
            default:
                sort = SearchSort.Relevance;
                error = $"invalid sort \"{Short(s)}\": expected relevance, newest or upvotes";
                return false;
        }
    }

    /// <summary>The URL of this search with another sort or page (filters kept unless <paramref name="withFilters"/> is false).</summary>
    public string Link(SearchSort? sort = null, int page = 1, bool withFilters = true)
    {
        var sb = new StringBuilder("/papers?q=").Append(Uri.EscapeDataString(Q));
        void Add(string name, string? value)
        {
            if (value is not null) sb.Append('&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        if (withFilters)
        {
            Add("published_from", PublishedFrom is { } a ? Fmt.Iso(a) : null);
            Add("published_to", PublishedTo is { } b ? Fmt.Iso(b) : null);
            Add("feed_from", FeedFrom is { } c ? Fmt.Iso(c) : null);
            Add("feed_to", FeedTo is { } d ? Fmt.Iso(d) : null);
            Add("category", Category);
            Add("org", Organization);
            Add("has_code", HasCode switch { true => "yes", false => "no", null => null });
            Add("min_upvotes", MinUpvotes?.ToString(CultureInfo.InvariantCulture));
        }
        var s = sort ?? Sort;
        if (s != SearchSort.Relevance) Add("sort", SortName(s));
        if (page > 1) Add("page", page.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>The search for an author's papers (<c>/papers?q=author:"Name"</c>), where author names on cards and paper pages link.</summary>
    public static string AuthorLink(string name) =>
        "/papers?q=" + Uri.EscapeDataString("author:\"" + name.Replace("\"", "", StringComparison.Ordinal).Trim() + "\"");

    private static bool TryDate(string? s, string name, out DateOnly? date, [NotNullWhen(false)] out string? error)
    {
        date = null;
        error = null;
        if (s is null) return true;
        if (s.Length == 10 && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            date = d;
            return true;
        }
        error = $"invalid {name} \"{Short(s)}\": expected a date YYYY-MM-DD, e.g. 2025-06-16";
        return false;
    }

    private static string Short(string s) => s.Length > 20 ? s[..17] + "..." : s;
}
