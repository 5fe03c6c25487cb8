using System.Threading.RateLimiting;
using DailyPapers.Community;
using DailyPapers.Ingest.Harvest;
using DailyPapers.Storage;

namespace DailyPapers.Web.Submissions;

/// <summary>
/// Services of paper submissions: the arXiv fetcher, the submitter and the limit. The rules ("DailyPapers:Submissions",
/// checked at start-up) and the store are in <see cref="CoreSetup"/>.
/// </summary>
public static class SubmissionSetup
{
    public static IServiceCollection AddSubmissions(this IServiceCollection services)
    {
        services.AddSingleton<SubmitLimiter>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<DailyPapersOptions>();
            var settings = options.Submissions;
            // Its own polite client: a submission never waits behind a running harvest's queue, but still keeps
            // arXiv's interval between the starts of its own requests. A few run at once, so one hanging answer
            // holds up nobody else (issue 10: one global gate made three users wait 81–121 s); a person waits at
            // most ArxivMaxWaitSeconds for a turn, then hears "busy". Answers are capped in size. Waits use the real clock.
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Submissions");
            var http = new PoliteHttp(sp.GetRequiredService<HarvestHttp>().Client, new PoliteHttpOptions
            {
                MinInterval = TimeSpan.FromSeconds(options.HarvestDelaySeconds),
                MaxAttempts = settings.ArxivAttempts,
                InitialBackoff = TimeSpan.FromSeconds(1),
                MaxBackoff = TimeSpan.FromSeconds(4),
                MaxRetryAfter = TimeSpan.FromSeconds(5),
                RequestTimeout = TimeSpan.FromSeconds(settings.ArxivTimeoutSeconds),
                MaxResponseBytes = settings.ArxivMaxResponseKilobytes * 1024L,
                MaxConcurrent = settings.ArxivMaxConcurrent,
                MaxWait = TimeSpan.FromSeconds(settings.ArxivMaxWaitSeconds),
            }, TimeProvider.System, m => log.LogInformation("{Message}", m));
            return new ArxivPaperFetcher(http, options.ArxivApiUrl, m => log.LogWarning("{Message}", m));
        });
        services.AddSingleton(sp => new PaperSubmitter(sp.GetRequiredService<SubmissionStore>(), sp.GetRequiredService<ArxivPaperFetcher>(),
            sp.GetRequiredService<SubmissionSettings>()));
        return services;
    }
}

/// <summary>
/// One fixed window per account shared by the page and the API. Taken in the handlers, not the rate-limiting
/// middleware: that runs before bearer tokens are read, where every API client behind one address would share.
/// </summary>
public sealed class SubmitLimiter(SubmissionSettings settings) : Accounts.AccountRateLimiter(settings.RatePerWindow, settings.RateWindowSeconds)
{
    /// <summary>Null when the attempt may go on, else the seconds until the window refills.</summary>
    public Task<int?> RefuseAsync(long userId, CancellationToken ct) => RetryAfterAsync(userId, ct);
}
