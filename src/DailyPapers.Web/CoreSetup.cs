using DailyPapers.Digests;
using DailyPapers.Ingest;
using DailyPapers.Mail;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web;

/// <summary>
/// The one service registration of everything that is not HTTP: settings, the database and its stores, mail, digests,
/// search, the start-up steps. The web host (<see cref="WebHost"/>) adds pages, endpoints and background jobs on top;
/// every verb (<see cref="Cli.CliApp"/>) runs on exactly this. Nothing here starts work or touches the database while
/// services are resolved: that is <see cref="StartupSteps"/>, run before the site listens or the verb runs.
/// </summary>
public static class CoreSetup
{
    /// <param name="environment">The host's environment (a wildcard listen address needs PublicUrl outside Development).</param>
    /// <param name="listenUrls">Where the site listens; null for a verb, whose links use PublicUrl or the default listen URL.</param>
    public static IServiceCollection AddDailyPapersCore(this IServiceCollection services, IHostEnvironment environment, string? listenUrls = null)
    {
        services.AddDailyPapersSettings();
        services.AddSingleton(TimeProvider.System);
        // Links in mails, feeds and exports come from configuration only (never a request's Host header): see SiteUrl.
        services.AddSingleton(sp => SiteUrl.Resolve(sp.GetRequiredService<DailyPapersOptions>().PublicUrl,
            listenUrls ?? DailyPapersOptions.DefaultListenUrl, development: listenUrls is null || environment.IsDevelopment()));
        services.AddSingleton<StartupSteps>();

        services.AddSingleton(sp => Database.FromLocation(sp.GetRequiredService<DailyPapersOptions>().DatabaseLocation));
        services.AddSingleton<PaperStore>();
        services.AddSingleton<AppState>();
        services.AddSingleton<EmbeddingStore>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<VoteStore>();
        services.AddSingleton<CommentStore>();
        services.AddSingleton<CollectionStore>();
        services.AddSingleton<UserDataExport>();
        services.AddSingleton<ClaimStore>();
        services.AddSingleton<OrganizationStore>();
        services.AddSingleton<PaperLinkStore>();
        services.AddSingleton<SubmissionStore>();
        services.AddSingleton<KeyStore>();
        // The mail outbox is the digest_outbox table, so its store is the digest store.
        services.AddSingleton<DigestStore>();
        services.AddSingleton<HarvestHttp>();

        // The one way out for mail: SMTP, or .eml files in {DataDir}/mail without an SMTP host.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<DailyPapersOptions>();
            return new MailSender(options.Smtp, options.MailFolder);
        });
        services.AddSingleton<MailCounters>();
        services.AddSingleton<MailOutbox>();
        // The signing key lives in the database: StartupSteps reads it once the schema exists.
        services.AddSingleton(sp => new DigestTokens(sp.GetRequiredService<StartupSteps>().DigestTokenKey, sp.GetRequiredService<TimeProvider>()));

        // Opening is quick (a damaged index is moved aside); building and following run in the site's SearchIndexService,
        // or in the verb that searches (EnsureBuiltAsync, CatchUpAsync).
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<DailyPapersOptions>();
            var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Search");
            var search = SearchService.Open(sp.GetRequiredService<PaperStore>(), sp.GetRequiredService<EmbeddingStore>(),
                SearchPaths.IndexFolder(options.DataDir), SearchPaths.ModelCache(options.DataDir), m => log.LogInformation("{Message}", m));
            search.Lexical.Bounds = options.Search.Bounds;
            return search;
        });
        services.AddSingleton<AlertSearch>(sp => async (q, ct) =>
        {
            var r = await sp.GetRequiredService<SearchService>().SearchAsync(q, ct);
            // No matches is not the same as no index: the build fails and is retried rather than mail empty alerts.
            if (r.Rebuilding) throw new InvalidOperationException("alerts wait: this node's search index is being rebuilt");
            return r.Hits.Select(h => h.PaperId).ToList();
        });
        return services;
    }
}

/// <summary>One shared HttpClient for harvesters (connection pooling; timeouts set per request).</summary>
public sealed class HarvestHttp : IDisposable
{
    public HttpClient Client { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(120),
        DefaultRequestHeaders = { { "User-Agent", "DailyPapers/1.0 (self-hosted paper feed; harvester)" } },
    };

    public void Dispose() => Client.Dispose();
}
