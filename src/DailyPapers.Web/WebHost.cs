using System.Text.Json;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Api;
using DailyPapers.Web.Comments;
using DailyPapers.Web.Http;
using DailyPapers.Web.Collections;
using DailyPapers.Web.Authorship;
using DailyPapers.Web.Jobs;
using DailyPapers.Web.Operations;
using DailyPapers.Web.Submissions;
using DailyPapers.Web.Throttling;
using DailyPapers.Web.Votes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace DailyPapers.Web;

/// <summary>Builds the web application: services, middleware and the route table.</summary>
public static class WebHost
{
    /// <summary>Output-cache policy for anonymous GETs of feed pages, paper pages, feeds and the read API.</summary>
    public const string ShortCachePolicy = "short";
    /// <summary>Long enough to absorb a burst of thousands of requests per second, short enough that votes show at once.</summary>
    public static readonly TimeSpan ShortCacheDuration = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Builds the site on the one service registration (<see cref="CoreSetup"/>) plus its web parts, then runs the
    /// start-up steps (settings checked, DataDir writable, schema migrated) before anything listens.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot(args) });
        // README promises http://127.0.0.1:5000 unless told otherwise (--urls or ASPNETCORE_URLS).
        var listen = builder.Configuration["urls"] is { Length: > 0 } u ? u : builder.Configuration["ASPNETCORE_URLS"];
        if (string.IsNullOrEmpty(listen))
            builder.WebHost.UseUrls(listen = DailyPapersOptions.DefaultListenUrl);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false); // "Server: Kestrel" tells a scanner what to try

        builder.Services.AddDailyPapersCore(builder.Environment, listen); // settings, database, stores, mail, search (CoreSetup.cs)
        SiteUrl.RestrictHosts(builder.Services, builder.Configuration);
        builder.Services.AddRazorPages(o =>
        {
            // Routes of the feed page besides its own /papers (see Pages/Feed.cshtml.cs).
            o.Conventions.AddPageRoute("/Feed", "");
            o.Conventions.AddPageRoute("/Feed", "papers/date/{date}");
            o.Conventions.AddPageRoute("/Feed", "papers/week/{week}");
            o.Conventions.AddPageRoute("/Feed", "papers/month/{month}");
        });
        builder.Services.AddMail();             // the outbox's background sender (MailSetup.cs)
        builder.Services.AddProxySupport();     // trusted proxies, HSTS (Accounts/ProxySetup.cs)
        builder.Services.AddAccounts(builder.Configuration); // sign-in schemes, policies, the site's rate limiter (Accounts/AuthSetup.cs)
        builder.Services.AddVotes();            // upvote endpoints, per-account vote limit (Votes/)
        builder.Services.AddSubmissions();      // /papers/submit, POST /api/papers/submit (Submissions/)
        builder.Services.AddComments();         // "comment" rate limit, mention mails (Comments/)
        builder.Services.AddCollections();      // collections limit, card marks (Collections/)
        builder.Services.AddAuthorship();       // claims and organisation form limit (Authorship/)
        builder.Services.AddSingleton<ClientLimiter>(); // per-client limits of search, similar, by-abstract, feed (Throttling/)
        builder.Services.AddProblemDetails();   // every API error: problem details with HF's "error" field (Http/ApiProblem.cs)
        // Error messages quote what was sent ("invalid limit \"x\""): keep quotes readable, as HfJsonContext.Api does.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        builder.Services.AddPublicReadApi();        // CORS for anonymous reads of /api (Http/PublicReadApi.cs)
        // One key ring for all nodes, in the database (see DatabaseKeyRepository).
        builder.Services.AddDataProtection().SetApplicationName("DailyPapers")
            .ProtectKeysWithConfiguredCertificate(builder.Configuration); // keys encrypted at rest when a certificate is set (DataProtectionKeys.cs)
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<KeyStore>((o, keys) => o.XmlRepository = new DatabaseKeyRepository(keys));
        builder.Services.AddOutputCache(o =>
            // Keyed by the known query parameters only: ?x=random must not make every request a fresh rendering.
            o.AddPolicy(ShortCachePolicy, b => b.Expire(ShortCacheDuration).Tag("papers").AddPolicy<VaryByKnownQuery>()));
        builder.Services.AddSingleton<DemoCorpusStatus>();
        builder.Services.AddHostedService<DemoCorpusService>();
        builder.Services.AddHostedService<HarvestService>();
        builder.Services.AddHostedService<SearchIndexService>();
        builder.Services.AddHostedService<EmbeddingService>();
        builder.Services.AddDigests();          // subscriptions, subscribe limit, build job (DigestSetup.cs)
        builder.Services.AddOperations(builder.Configuration); // /healthz, /readyz, /metrics when enabled (Operations/)

        var app = builder.Build();

        // Before the first request and before any background job is constructed: settings, DataDir, schema.
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Startup");
        await app.Services.GetRequiredService<StartupSteps>().RunAsync(m => log.LogInformation("{Message}", m), dataDirMustBeWritable: true, ct);
        log.LogInformation("database: {Database}", app.Services.GetRequiredService<Database>());

        var site = app.Services.GetRequiredService<SiteUrl>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            site.UseBoundAddress(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>());
            app.Services.GetRequiredService<DailyPapers.Digests.DigestSettings>().PublicUrl = site.Base;
            if (site.FromListenAddress)
                log.LogInformation("links in mails use {Base} (the listen address); set DailyPapers:PublicUrl when people reach the site elsewhere", site.Base);
        });

        app.UseProxySupport(); // first: everything after sees the real client address and scheme
        app.UseSecurityHeaders();
        app.UseMetricsEndpoint();       // /metrics for the allowed networks when DailyPapers:Metrics:Enabled (Operations/)
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        // API clients get problem details, not an HTML page, for bare status codes (unknown path, wrong method).
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages(ctx =>
            Http.ApiProblem.WriteAsync(ctx.HttpContext, ctx.HttpContext.Response.StatusCode, $"HTTP {ctx.HttpContext.Response.StatusCode}: no such API endpoint or method")));
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = CacheStatic });
        app.UsePublicReadApi();         // cross-origin GET/HEAD of /api and their preflights
        app.UseRouting();
        app.UseRequestGuards();         // blank names, methods pages do not take, unreadable forms, bodies over the limit (Http/RequestGuards.cs)
        // Before the output cache: it must see who is signed in, so it never stores or serves a personal page.
        app.UseAccounts();
        app.UseOutputCache();

        // Route table. Literal routes win over the paper page's catch-all /papers/{**id}.
        app.MapOperations();            // /healthz, /readyz (Operations/)
        app.MapRazorPages();            // /, /papers, /papers/date|week|month/…, /papers/{arxivId}[.md], /error, /account/…, /users/{handle},
                                        // /authorship/{action}, /moderation/claims, /organizations[/{name}], /admin/users
        app.MapSyndicationFeeds();      // /papers/feed.rss, /papers/feed.atom
        app.MapCrawlerFiles();          // /robots.txt, /sitemap.xml[, /sitemaps/papers-N.xml] (Http/CrawlerFiles.cs)
        app.MapPapersApi();             // /api/daily_papers, /api/papers, /api/papers/{arxivId}
        app.MapAccountsApi();           // /api/whoami-v2 (bearer token)
        app.MapVotes();                 // POST /papers/{arxivId}/upvote (button), POST|DELETE /api/papers/{arxivId}/upvote
        app.MapSubmissions();           // POST /api/papers/submit (the page /papers/submit is a Razor page)
        app.MapComments();              // GET /api/papers/{arxivId}/comments, POST|PATCH|DELETE /api/papers/{arxivId}/comment[/{id}[/reply]] (forms: Pages/Comments)
        app.MapCollections();           // /users/{h}/collections/{slug}.bib|.json|.rss, /papers/{arxivId}.bib, POST /account/export, /api/collections…
        app.AnswerHeadLikeGet();        // last: HEAD wherever GET alone is mapped above
        return app;
    }

    /// <summary>
    /// The folder holding appsettings.json and wwwroot: the binary's own folder (the build copies wwwroot beside it),
    /// whatever the working directory — so <c>dotnet run</c> from the repository root, the built binary and the published
    /// output started by a supervisor elsewhere all serve their CSS and read their settings. An operator's explicit
    /// content root (<c>--contentRoot</c>, ASPNETCORE_CONTENTROOT or DOTNET_CONTENTROOT) still wins. DataDir stays relative
    /// to the working directory, as documented.
    /// </summary>
    internal static string? ContentRoot(string[] args)
    {
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
        return explicitRoot ? null : AppContext.BaseDirectory;
    }

    // Vendored libraries never change under a URL; our own CSS/JS carry ?v=hash (asp-append-version).
    private static void CacheStatic(StaticFileResponseContext ctx)
    {
        var req = ctx.Context.Request;
        if (req.Query.ContainsKey("v") || req.Path.StartsWithSegments("/lib"))
            ctx.Context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=31536000, immutable";
        else
            ctx.Context.Response.Headers[HeaderNames.CacheControl] = "public, max-age=3600";
    }
}
