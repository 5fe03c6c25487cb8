using Microsoft.AspNetCore.Http.Extensions;

namespace DailyPapers.Web.Throttling;

/// <summary>
/// The query parameters that cached pages and API answers read. The output cache varies by these only, so
/// <c>?x=random</c> (a cache-buster, or a tracking tag) is answered from the same entry as the plain address instead
/// of costing a fresh rendering each time. A new parameter read by a cached page MUST be added here, or readers
/// would get the answer for another value.
/// </summary>
public static class CacheVary
{
    public static readonly string[] KnownQueryKeys =
    [
        // Feed pages (Pages/Feed*.cs) and trending
        "page", "sort", "date",
        // Search and similar on /papers (Pages/SearchForm.cs, Feed.Search.cs)
        "q", "similar_to", "published_from", "published_to", "feed_from", "feed_to", "category", "org", "has_code", "min_upvotes",
        // Paper page (Paper.Submission.cs)
        "submitted",
        // Read API (Api/PapersApi.cs, Api/SearchApi.cs): HF's parameter names
        "p", "limit", "week", "month", "submitter", "cursor",
    ];

    private static readonly HashSet<string> Known = new(KnownQueryKeys, StringComparer.OrdinalIgnoreCase);

    public static bool IsKnown(string key) => Known.Contains(key);

    /// <summary>
    /// This address with only the known query parameters: what a cached page may write into itself (a sign-in
    /// link's way back), since the entry is served for every address that differs in unknown ones.
    /// </summary>
    public static string Here(HttpRequest request)
    {
        var kept = new QueryBuilder();
        foreach (var (key, values) in request.Query)
            if (Known.Contains(key))
                foreach (var v in values) kept.Add(key, v ?? "");
        return request.Path + kept.ToQueryString();
    }
}

/// <summary>
/// Keys cache entries by <see cref="CacheVary.KnownQueryKeys"/> only. It replaces the key list instead of adding to it:
/// the default policy (which this one follows) varies by every parameter ("*"), and the builder's SetVaryByQuery
/// only adds names to that.
/// </summary>
public sealed class VaryByKnownQuery : Microsoft.AspNetCore.OutputCaching.IOutputCachePolicy
{
    private static readonly Microsoft.Extensions.Primitives.StringValues Keys = new(CacheVary.KnownQueryKeys);

    public ValueTask CacheRequestAsync(Microsoft.AspNetCore.OutputCaching.OutputCacheContext context, CancellationToken cancellation)
    {
        context.CacheVaryByRules.QueryKeys = Keys;
        // The cache reads an empty value and an absent parameter alike, but pages do not: /papers?q= is the empty
        // search page, /papers the feed. So which known parameters are present is part of the key too.
        var present = context.HttpContext.Request.Query.Keys.Where(CacheVary.IsKnown).Select(k => k.ToLowerInvariant()).Order(StringComparer.Ordinal);
        context.CacheVaryByRules.VaryByValues["known-query"] = string.Join(',', present);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(Microsoft.AspNetCore.OutputCaching.OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(Microsoft.AspNetCore.OutputCaching.OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}
