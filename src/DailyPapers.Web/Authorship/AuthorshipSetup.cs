using System.Threading.RateLimiting;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web.Authorship;

/// <summary>Authorship claims, organisations and paper link editing ("DailyPapers:Authorship" section).</summary>
public sealed class AuthorshipSettings
{
    /// <summary>
    /// Claim, withdraw, hide, link and membership form posts allowed per account (or address) per
    /// <see cref="WindowSeconds"/>. A person fixes a few papers at a time; this stops scripts flooding the queue.
    /// </summary>
    public int PostsPerWindow { get; set; } = 30;
    public int WindowSeconds { get; set; } = 600;

    public static AuthorshipSettings From(IConfiguration config)
    {
        var s = new AuthorshipSettings();
        config.GetSection("DailyPapers:Authorship").Bind(s);
        if (s.PostsPerWindow < 1 || s.WindowSeconds < 1)
            throw new InvalidOperationException($"DailyPapers:Authorship: PostsPerWindow ({s.PostsPerWindow}) and WindowSeconds ({s.WindowSeconds}) must be at least 1");
        return s;
    }
}

public static class AuthorshipSetup
{
    /// <summary>Rate-limiter policy of the authorship and organisation forms.</summary>
    public const string RateLimit = "authorship-forms";

    public static IServiceCollection AddAuthorship(this IServiceCollection services, IConfiguration config)
    {
        var settings = AuthorshipSettings.From(config);
        services.AddSingleton(settings);
        services.AddSingleton(sp => new ClaimStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new OrganizationStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new PaperLinkStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        // The limiter middleware runs after authentication (AuthSetup.UseAccounts), so ClientKey sees the account.
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(RateLimit, http =>
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
