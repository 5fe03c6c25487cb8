using System.Threading.RateLimiting;

namespace DailyPapers.Web.Accounts;

/// <summary>
/// A rate limit with one fixed window per account, shared by a feature's pages and its API (votes, submissions,
/// comments, collections). Taken inside the handlers, after authentication, because the rate-limiting middleware
/// runs before bearer tokens are read and would only see the client address: every API client behind one address
/// would share a budget, and one person with many addresses would get many.
/// </summary>
public abstract class AccountRateLimiter(int perWindow, int windowSeconds) : IDisposable
{
    private readonly PartitionedRateLimiter<long> _limiter = PartitionedRateLimiter.Create<long, long>(user =>
        RateLimitPartition.GetFixedWindowLimiter(user, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = perWindow,
            Window = TimeSpan.FromSeconds(windowSeconds),
            QueueLimit = 0,
        }));

    /// <summary>Takes one permit: null when the account may go on, else the seconds until its window refills.</summary>
    public async Task<int?> RetryAfterAsync(long userId, CancellationToken ct)
    {
        using var lease = await _limiter.AcquireAsync(userId, 1, ct);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? Math.Max(1, (int)Math.Ceiling(retry.TotalSeconds)) : windowSeconds;
    }

    public void Dispose()
    {
        _limiter.Dispose();
        GC.SuppressFinalize(this);
    }
}
