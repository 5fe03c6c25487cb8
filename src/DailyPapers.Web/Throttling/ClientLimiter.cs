using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using DailyPapers.Web.Accounts;

namespace DailyPapers.Web.Throttling;

/// <summary>Which budget a request draws on.</summary>
public enum CostKind { Search, Feed }

/// <summary>
/// Per-client rate and concurrency limits for the expensive anonymous endpoints. Taken inside the handlers, that is
/// behind the output cache: a cached answer costs nothing and counts nothing, only work that is really done does.
/// A client is the signed-in account, else its address (an IPv6 client by its /64, which one host usually holds
/// whole). Over the limit: 429 with Retry-After, JSON under /api and the site's error page otherwise.
/// </summary>
public sealed class ClientLimiter : IDisposable
{
    private readonly SearchSettings _settings;
    private readonly PartitionedRateLimiter<string> _rate;
    private readonly PartitionedRateLimiter<string> _inFlight;

    public ClientLimiter(SearchSettings settings)
    {
        _settings = settings;
        _rate = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetTokenBucketLimiter(key, k =>
        {
            var limit = For(k);
            return new TokenBucketRateLimiterOptions
            {
                TokenLimit = limit.Burst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / limit.PerMinute,
                QueueLimit = 0,
                AutoReplenishment = true,
            };
        }));
        _inFlight = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetConcurrencyLimiter(key, k =>
            new ConcurrencyLimiterOptions { PermitLimit = For(k).Concurrent, QueueLimit = 0 }));
    }

    public SearchSettings Settings => _settings;

    private ClientLimit For(string key) => key.StartsWith("feed|", StringComparison.Ordinal) ? _settings.FeedLimit : _settings.Limit;

    /// <summary>The partition of a request: kind, then the account or the address.</summary>
    public static string Key(HttpContext http, CostKind kind) => (kind == CostKind.Feed ? "feed|" : "search|") + Client(http);

    /// <summary>The signed-in account, else the client address (IPv6: its /64 network).</summary>
    public static string Client(HttpContext http)
    {
        if (http.User.UserId() is { } id) return $"user:{id}";
        var ip = http.Connection.RemoteIpAddress ?? IPAddress.None;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var bytes = ip.GetAddressBytes();
            Array.Clear(bytes, 8, 8);
            return "net:" + new IPAddress(bytes) + "/64";
        }
        return "ip:" + ip;
    }

    /// <summary>
    /// Takes a place for <paramref name="key"/>: a lease to hold while the work runs (null when limits are off), or
    /// the seconds to wait before trying again.
    /// </summary>
    public (IDisposable? Lease, int? RetryAfter) TryEnter(string key)
    {
        if (!For(key).Enabled) return (null, null);
        var slot = _inFlight.AttemptAcquire(key);
        if (!slot.IsAcquired)
        {
            slot.Dispose();
            return (null, 1); // another request of this client is running: one of them ends soon
        }
        using var token = _rate.AttemptAcquire(key);
        if (token.IsAcquired) return (slot, null);
        slot.Dispose();
        var wait = token.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? retry : TimeSpan.FromMinutes(1) / For(key).PerMinute;
        return (null, Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)));
    }

    /// <summary>
    /// Takes a place for this request (released when the response is done), or answers 429 with Retry-After and
    /// returns false: with a JSON body under /api, with an empty body elsewhere so the status-code page renders
    /// "Too many requests" in the site's layout.
    /// </summary>
    public bool TryEnter(HttpContext http, CostKind kind, out int retryAfter)
    {
        var (lease, wait) = TryEnter(Key(http, kind));
        retryAfter = wait ?? 0;
        if (wait is null)
        {
            if (lease is not null) http.Response.RegisterForDispose(lease);
            return true;
        }
        http.Response.Headers.RetryAfter = wait.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return false;
    }

    public static string TooMany(int seconds) => $"Too many requests: try again in {seconds} second{(seconds == 1 ? "" : "s")}.";

    public void Dispose()
    {
        _rate.Dispose();
        _inFlight.Dispose();
    }
}
