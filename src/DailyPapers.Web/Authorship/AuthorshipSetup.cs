using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Authorship;

/// <summary>Authorship claims, organisations and paper link editing ("DailyPapers:Authorship" section).</summary>
public sealed class AuthorshipSettings
{
    private const string AtLeastOne = "must be a whole number of at least 1";

    /// <summary>
    /// Claim, withdraw, hide, link and membership form posts allowed per account (or address) per
    /// <see cref="WindowSeconds"/>. A person fixes a few papers at a time; this stops scripts flooding the queue.
    /// </summary>
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int PostsPerWindow { get; set; } = 30;
    [Range(1, int.MaxValue, ErrorMessage = AtLeastOne)]
    public int WindowSeconds { get; set; } = 600;
}

public static class AuthorshipSetup
{
    /// <summary>Rate-limiter policy of the authorship and organisation forms.</summary>
    public const string RateLimit = "authorship-forms";

    /// <summary>The web part of authorship: its form rate limit (settings and stores are in <see cref="CoreSetup"/>).</summary>
    public static IServiceCollection AddAuthorship(this IServiceCollection services)
    {
        // The limiter middleware runs after authentication (AuthSetup.UseAccounts), so ClientKey sees the account.
        services.AddOptions<RateLimiterOptions>().Configure<AuthorshipSettings>((o, settings) => o.AddPolicy(RateLimit, http =>
            !HttpMethods.IsPost(http.Request.Method)
                ? RateLimitPartition.GetNoLimiter("read")
                : RateLimitPartition.GetFixedWindowLimiter(AuthSetup.ClientKey(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PostsPerWindow,
                    Window = TimeSpan.FromSeconds(settings.WindowSeconds),
                    QueueLimit = 0,
                })));
        return services;
    }
}
