using System.Threading.RateLimiting;
using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Storage;
using DailyPapers.Web.Jobs;
using Microsoft.AspNetCore.RateLimiting;

namespace DailyPapers.Web;

/// <summary>
/// The site's part of the email digests: subscriptions, the subscribe rate limit and the build job. Settings, tokens
/// and the alert search are in <see cref="CoreSetup"/>, shared with <c>dailypapers digest</c>.
/// </summary>
public static class DigestSetup
{
    /// <summary>Rate-limiter policy of the subscribe form (per client IP).</summary>
    public const string SubscribePolicy = "digest-subscribe";

    public static IServiceCollection AddDigests(this IServiceCollection services)
    {
        services.AddSingleton(sp => new Subscriptions(sp.GetRequiredService<DigestStore>(), sp.GetRequiredService<MailOutbox>(),
            sp.GetRequiredService<DigestSettings>(), sp.GetRequiredService<DigestTokens>(),
            m => sp.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Digest").LogWarning("{Message}", m)));
        services.AddHostedService<DigestService>();
        // The site's one rate limiter is set up in AuthSetup; this adds the subscribe form's policy to it.
        services.AddOptions<RateLimiterOptions>().Configure<DigestSettings>((o, settings) =>
            // Each accepted request may send a confirmation mail: a low per-IP limit keeps the form from being a mail cannon.
            o.AddPolicy(SubscribePolicy, ctx => RateLimitPartition.GetFixedWindowLimiter(
                ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = Math.Max(1, settings.SubscribePermitsPerWindow),
                    Window = TimeSpan.FromMinutes(Math.Max(0.1, settings.SubscribeWindowMinutes)),
                    QueueLimit = 0,
                })));
        // The answer to a rejected request (429 page or JSON with Retry-After) is the site-wide one (AuthSetup).
        return services;
    }
}
