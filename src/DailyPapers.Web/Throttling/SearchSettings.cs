using DailyPapers.Search;

namespace DailyPapers.Web.Throttling;

/// <summary>
/// The cost bounds of search and the per-client limits of the expensive anonymous endpoints (section
/// <c>DailyPapers:Search</c>), for example <c>DailyPapers:Search:Limit:PerMinute</c> or
/// <c>DailyPapers:Search:Bounds:MaxTerms</c>. Issue 10: one client with 16 connections raised everyone else's search
/// median from 57 ms to 1.33 s.
/// </summary>
public sealed class SearchSettings
{
    /// <summary>Work one query may cause: words, term lookups, highlighting (see <see cref="SearchBounds"/>).</summary>
    public SearchBounds Bounds { get; set; } = new();

    /// <summary>
    /// Search (<c>/papers?q=</c>, <c>/api/papers/search</c>), similar papers (<c>/papers?similar_to=</c>) and search by
    /// abstract, per client. A reader types a query every few seconds at most; each one costs ~5–20 ms of CPU.
    /// </summary>
    public ClientLimit Limit { get; set; } = new() { PerMinute = 30, Burst = 10, Concurrent = 2 };

    /// <summary>
    /// Feed requests (<c>/papers…</c>, <c>/api/daily_papers</c>) with a query string that the output cache did not
    /// answer: paging and sorting are cheap, but each distinct one is a database query. Generous, so API clients
    /// walking the archive day by day still get through.
    /// </summary>
    public ClientLimit FeedLimit { get; set; } = new() { PerMinute = 300, Burst = 60, Concurrent = 4 };

    /// <summary>The first setting that cannot work, or null.</summary>
    public string? Problem() =>
        Bounds.Problem() is { } b ? "Bounds: " + b
        : Limit.Problem() is { } l ? "Limit: " + l
        : FeedLimit.Problem() is { } f ? "FeedLimit: " + f
        : null;
}

/// <summary>One client's budget for a kind of request: a token bucket (rate with a burst) plus requests in flight.</summary>
public sealed class ClientLimit
{
    /// <summary>False: no limit at all (benchmarks compare; a site behind its own limiting proxy may choose it).</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Sustained requests per minute per client (one token comes back every 60/PerMinute seconds).</summary>
    public int PerMinute { get; set; }
    /// <summary>Requests a client may make at once after a quiet spell (the bucket's size).</summary>
    public int Burst { get; set; }
    /// <summary>Requests of one client being worked on at the same time; one more is refused at once, not queued.</summary>
    public int Concurrent { get; set; }

    public string? Problem() =>
        PerMinute < 1 || Burst < 1 || Concurrent < 1
            ? $"PerMinute ({PerMinute}), Burst ({Burst}) and Concurrent ({Concurrent}) must be at least 1"
            : null;
}
