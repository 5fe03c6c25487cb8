using System.Text.Json;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Api;
using DailyPapers.Web.Comments;
using DailyPapers.Web.Collections;
using DailyPapers.Web.Authorship;
using DailyPapers.Web.Jobs;
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

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        // README promises http://127.0.0.1:5000 unless told otherwise (--urls or ASPNETCORE_URLS).
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls("http://127.0.0.1:5000");

        var options = DailyPapersOptions.From(builder.Configuration);
        builder.Services.AddDailyPapers(options);
        builder.Services.AddRazorPages(o =>
        {
            // Routes of the feed page besides its own /papers (see Pages/Feed.cshtml.cs).
            o.Conventions.AddPageRoute("/Feed", "");
            o.Conventions.AddPageRoute("/Feed", "papers/date/{date}");
            o.Conventions.AddPageRoute("/Feed", "papers/week/{week}");
            o.Conventions.AddPageRoute("/Feed", "papers/month/{month}");
        });
        builder.Services.AddAccounts(options);
        builder.Services.AddVotes(builder.Configuration);   // upvote endpoints, per-account vote limit (Votes/)
        builder.Services.AddSubmissions(options);   // /papers/submit, POST /api/papers/submit (Submissions/)
        builder.Services.AddComments(builder.Configuration); // comment store, "comment" rate limit, mention mails (Comments/)
        builder.Services.AddCollections(builder.Configuration); // collections store, limit, card marks (Collections/)
        builder.Services.AddAuthorship(builder.Configuration); // claims, organisations, paper links (Authorship/)
        if (options.Search.Problem() is { } searchProblem) throw new InvalidOperationException($"DailyPapers:Search: {searchProblem}");
        builder.Services.AddSingleton(options.Search);
        builder.Services.AddSingleton<ClientLimiter>(); // per-client limits of search, similar, by-abstract, feed (Throttling/)
        builder.Services.AddProblemDetails();
        // One key ring for all nodes, in the database (see DatabaseKeyRepository).
        builder.Services.AddSingleton(sp => new KeyStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddDataProtection().SetApplicationName("DailyPapers");
        builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
            .Configure<KeyStore>((o, keys) => o.XmlRepository = new DatabaseKeyRepository(keys));
        builder.Services.AddOutputCache(o =>
            // Keyed by the known query parameters only: ?x=random must not make every request a fresh rendering.
            o.AddPolicy(ShortCachePolicy, b => b.Expire(ShortCacheDuration).Tag("papers").AddPolicy<VaryByKnownQuery>()));
        builder.Services.AddSingleton<DemoCorpusStatus>();
        builder.Services.AddHostedService<DemoCorpusService>();
        builder.Services.AddHostedService<HarvestService>();
        builder.Services.AddSingleton(sp => new EmbeddingStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<TimeProvider>()));
        // Opening the search service reads the database, so it is resolved after the migrations below.
        builder.Services.AddSingleton(sp =>
        {
            var search = SearchService.OpenAsync(sp.GetRequiredService<PaperStore>(), sp.GetRequiredService<EmbeddingStore>(),
                SearchPaths.IndexFolder(options.DataDir), SearchPaths.ModelCache(options.DataDir),
                m => sp.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Search").LogInformation("{Message}", m)).GetAwaiter().GetResult();
            search.Lexical.Bounds = options.Search.Bounds;
            return search;
        });
        builder.Services.AddHostedService<SearchIndexService>();
        builder.Services.AddHostedService<EmbeddingService>();
        builder.Services.AddDigests(options);   // subscriptions, outbox builder and sender (DigestSetup.cs)

        var app = builder.Build();

        // The schema must exist before the first request; migrations are quick and idempotent.
        var db = app.Services.GetRequiredService<Database>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DailyPapers.Startup");
        Migrator.MigrateAsync(db, m => log.LogInformation("{Message}", m)).GetAwaiter().GetResult();
        log.LogInformation("database: {Database}", db);

        if (string.IsNullOrWhiteSpace(options.PublicUrl) && !app.Environment.IsDevelopment())
            log.LogWarning("DailyPapers:PublicUrl is not set: links in account mails use the request's Host header; set it to the site's public URL");

        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        // API clients get JSON, not an HTML page, for bare status codes (unknown path, wrong method).
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api"), api => api.UseStatusCodePages(async ctx =>
        {
            var r = ctx.HttpContext.Response;
            r.ContentType = "application/json; charset=utf-8";
            await r.WriteAsync(JsonSerializer.Serialize(new ApiError($"HTTP {r.StatusCode}: no such API endpoint or method"), HfJsonContext.Api.ApiError));
        }));
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = CacheStatic });
        app.UseRouting();
        // Before the output cache: it must see who is signed in, so it never stores or serves a personal page.
        app.UseAccounts();
        app.UseOutputCache();

        // Route table. Literal routes win over the paper page's catch-all /papers/{**id}.
        app.MapRazorPages();            // /, /papers, /papers/date|week|month/…, /papers/{arxivId}[.md], /error, /account/…, /users/{handle},
                                        // /authorship/{action}, /moderation/claims, /organizations[/{name}], /admin/users
        app.MapSyndicationFeeds();      // /papers/feed.rss, /papers/feed.atom
        app.MapPapersApi();             // /api/daily_papers, /api/papers, /api/papers/{arxivId}
        app.MapAccountsApi();           // /api/whoami-v2 (bearer token)
        app.MapVotes();                 // POST /papers/{arxivId}/upvote (button), POST|DELETE /api/papers/{arxivId}/upvote
        app.MapSubmissions();           // POST /api/papers/submit (the page /papers/submit is a Razor page)
        app.MapComments();              // GET /api/papers/{arxivId}/comments, POST|PATCH|DELETE /api/papers/{arxivId}/comment[/{id}[/reply]] (forms: Pages/Comments)
        app.MapCollections();           // /users/{h}/collections/{slug}.bib|.json|.rss, /papers/{arxivId}.bib, POST /account/export, /api/collections…
        return app;
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
