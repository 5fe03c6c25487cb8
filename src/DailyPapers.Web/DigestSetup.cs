using System.Threading.RateLimiting;
using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Web.Jobs;

namespace DailyPapers.Web;

/// <summary>Services of the email digests: tokens, subscriptions, the subscribe rate limit and the build job.</summary>
public static class DigestSetup
{
    /// <summary>Rate-limiter policy of the subscribe form (per client IP).</summary>
    public const string SubscribePolicy = "digest-subscribe";

    public static IServiceCollection AddDigests(this IServiceCollection services, DailyPapersOptions options)
    {
        var settings = options.DigestSettings;
        services.AddSingleton(settings);
        // The signing key lives in the database; it is read on first use, after the migrations ran.
        services.AddSingleton(sp => new DigestTokens(sp.GetRequiredService<DigestStore>().TokenKeyAsync().GetAwaiter().GetResult(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new Subscriptions(sp.GetRequiredService<DigestStore>(), sp.GetRequiredService<MailOutbox>(), settings,
            sp.GetRequiredService<DigestTokens>(), m => sp.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Digest").LogWarning("{Message}", m)));
        services.AddSingleton<AlertSearch>(sp => async (q, ct) =>
        {
            var r = await sp.GetRequiredService<SearchService>().SearchAsync(q, ct);
            // No matches is not the same as no index: the build fails and is retried rather than mail empty alerts.
            if (r.Rebuilding) throw new InvalidOperationException("alerts wait: this node's search index is being rebuilt");
            return r.Hits.Select(h => h.PaperId).ToList();
        });
        services.AddHostedService<DigestService>();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Each accepted request may send a confirmation mail: a low per-IP limit keeps the form from being a mail cannon.
            o.AddPolicy(SubscribePolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, settings.SubscribePermitsPerWindow),
                    Window = TimeSpan.FromMinutes(Math.Max(0.1, settings.SubscribeWindowMinutes)),
                    QueueLimit = 0,
                }));
            // The answer to a rejected request (429 page or JSON with Retry-After) is the site-wide one (AuthSetup).
        });
        return services;
    }
}
