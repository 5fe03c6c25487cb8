using System.Text.Json;
using DailyPapers.Search;

namespace DailyPapers.Digests;

/// <summary>Runs a saved search (the web host and the CLI pass the search engine); returns paper ids.</summary>
public delegate Task<IReadOnlyList<long>> AlertSearch(SearchQuery query, CancellationToken ct);

/// <summary>Saved-search alerts are stored as JSON of <see cref="SearchQuery"/> fields.</summary>
public static class AlertQuery
{
    public static string ToJson(SearchQuery q) => JsonSerializer.Serialize(q with { Offset = 0, Limit = 20 }, DigestJson.Default.SearchQuery);

    public static SearchQuery Parse(string json)
    {
        try { return JsonSerializer.Deserialize(json, DigestJson.Default.SearchQuery) ?? new SearchQuery(); }
        catch (JsonException e) { throw new FormatException($"saved search \"{(json.Length > 60 ? json[..57] + "..." : json)}\" is not valid JSON: {e.Message}", e); }
    }

    public static string Describe(string json)
    {
        SearchQuery q;
        try { q = Parse(json); } catch (FormatException) { return "a saved search"; }
        var parts = new List<string>();
        if (!string.IsNullOrWhiteSpace(q.Text)) parts.Add($"\u201c{q.Text.Trim()}\u201d");
        if (q.Organization is { } o) parts.Add($"from {o}");
        if (q.Category is { } c) parts.Add($"in {c}");
        if (q.HasCode == true) parts.Add("with code");
        if (q.MinUpvotes is { } m) parts.Add($"{m}+ upvotes");
        return parts.Count == 0 ? "a saved search" : "search " + string.Join(" ", parts);
    }
}

/// <summary>
/// Matches alerts against the papers featured in one period. Each distinct alert (kind + value) is evaluated once
/// per period however many readers share it. Saved searches go through the search engine when one is given (with
/// the period as feed-date filter); without it (CLI without an index, benchmarks) they fall back to requiring every
/// word of the query in the title or abstract.
/// </summary>
public sealed class AlertMatcher(IReadOnlyList<DigestPaper> papers, DigestPeriod period, AlertSearch? search, int maxPerAlert)
{
    private readonly Dictionary<(AlertKind, string), IReadOnlyList<string>> _cache = new();
    private readonly Dictionary<long, DigestPaper> _byId = papers.ToDictionary(p => p.Id);

    public int DistinctAlerts => _cache.Count;

    public async Task<IReadOnlyList<string>> MatchAsync(DigestAlert alert, CancellationToken ct)
    {
        var key = (alert.Kind, alert.Kind == AlertKind.Search ? alert.Value : alert.Value.Trim().ToLowerInvariant());
        if (_cache.TryGetValue(key, out var hit)) return hit;
        IEnumerable<DigestPaper> found = alert.Kind switch
        {
            AlertKind.Organization => papers.Where(p => string.Equals(p.OrganizationName, alert.Value.Trim(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(p.Organization, alert.Value.Trim(), StringComparison.OrdinalIgnoreCase)),
            AlertKind.Author => papers.Where(p =>
                p.AuthorNames.Any(n => string.Equals(n, alert.Value.Trim(), StringComparison.OrdinalIgnoreCase))
                || p.AuthorHandles.Any(h => string.Equals(h, alert.Value.Trim(), StringComparison.OrdinalIgnoreCase))),
            _ => await SearchAsync(alert.Value, ct),
        };
        var ids = found.Take(maxPerAlert).Select(p => p.ArxivId).ToList();
        _cache[key] = ids;
        return ids;
    }

    private async Task<IEnumerable<DigestPaper>> SearchAsync(string json, CancellationToken ct)
    {
        SearchQuery q;
        try { q = AlertQuery.Parse(json); }
        catch (FormatException) { return []; } // a broken saved search matches nothing rather than stopping the build
        if (search is not null)
        {
            var ids = await search(q with { FeedFrom = period.From, FeedTo = period.To, Offset = 0, Limit = Math.Max(maxPerAlert * 3, 30) }, ct);
            return ids.Where(_byId.ContainsKey).Select(id => _byId[id]);
        }
        var words = (q.Text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(w => w.Trim('"')).Where(w => w.Length > 0 && !w.StartsWith('-')).ToArray();
        return papers.Where(p =>
            words.All(w => p.Title.Contains(w, StringComparison.OrdinalIgnoreCase) || p.Abstract.Contains(w, StringComparison.OrdinalIgnoreCase))
            && (q.Organization is null || string.Equals(p.OrganizationName, q.Organization, StringComparison.OrdinalIgnoreCase))
            && (q.HasCode is null || (p.GithubRepo is not null) == q.HasCode)
            && (q.MinUpvotes is null || p.Upvotes >= q.MinUpvotes));
    }
}
