using System.Text;
using System.Text.Json;
using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Web.Accounts;
using DailyPapers.Web.Api;
using DailyPapers.Web.Http;
using Microsoft.AspNetCore.Antiforgery;

namespace DailyPapers.Web.Collections;

/// <summary>
/// Collections outside the Razor pages: exports of a collection (.bib, .json, .rss), a paper's BibTeX
/// (/papers/{arxivId}.bib), "Export my data" (POST /account/export) and the API (<see cref="CollectionsApi"/>).
/// The pages are Pages/Collections/* and the paper page's partial _PaperCollections.
/// </summary>
public static class CollectionEndpoints
{
    public const string BibTexType = "text/x-bibtex; charset=utf-8";

    public static IServiceCollection AddCollections(this IServiceCollection services)
    {
        services.AddSingleton<CollectionLimiter>();
        services.AddScoped<CollectionMarks>();
        return services;
    }

    public static IEndpointRouteBuilder MapCollections(this IEndpointRouteBuilder app)
    {
        // A literal suffix outranks the page's plain {slug} parameter, so these never reach the page.
        app.MapGet("/users/{handle}/collections/{slug}.bib", BibAsync);
        app.MapGet("/users/{handle}/collections/{slug}.json", JsonAsync);
        app.MapGet("/users/{handle}/collections/{slug}.rss", RssAsync).CacheOutput(WebHost.ShortCachePolicy);
        // Literal suffixes win over the paper page's catch-all /papers/{**id}; old-style ids have a slash.
        app.MapGet("/papers/{id}.bib", (HttpContext h, string id) => PaperBibAsync(h, id)).CacheOutput(WebHost.ShortCachePolicy);
        app.MapGet("/papers/{archive}/{number}.bib", (HttpContext h, string archive, string number) => PaperBibAsync(h, archive + "/" + number))
            .CacheOutput(WebHost.ShortCachePolicy);
        app.MapPost("/account/export", (Func<HttpContext, Task<IResult>>)ExportMyDataAsync);
        CollectionsApi.Map(app);
        return app;
    }

    /// <summary>The collection if the browser's user may see it (a cookie session; private ones only for their owner).</summary>
    private static Task<Collection?> VisibleAsync(HttpContext http, string handle, string slug) =>
        CollectionAccess.VisibleAsync(http.RequestServices.GetRequiredService<CollectionStore>(), handle, slug, http.User.UserId(), http.RequestAborted);

    private static IResult NotFound(string handle, string slug) =>
        Results.Text(CollectionAccess.NotFoundMessage(handle, slug) + "\n", "text/plain; charset=utf-8", Encoding.UTF8, 404);

    /// <summary>The collection's papers in collection order, as Paper records for the exporters.</summary>
    private static async Task<IReadOnlyList<PaperView>> PapersAsync(HttpContext http, Collection c)
    {
        var items = await http.RequestServices.GetRequiredService<CollectionStore>().ItemsAsync(c.Id, http.RequestAborted);
        var views = await http.RequestServices.GetRequiredService<PaperStore>().GetManyAsync(items.Select(i => i.PaperId).ToList(), http.RequestAborted);
        var byId = views.ToDictionary(v => v.Id);
        return items.Where(i => byId.ContainsKey(i.PaperId)).Select(i => byId[i.PaperId]).ToList();
    }

    private static async Task<IResult> BibAsync(HttpContext http, string handle, string slug)
    {
        if (await VisibleAsync(http, handle, slug) is not { } c) return NotFound(handle, slug);
        var papers = await PapersAsync(http, c);
        var header = $"% {BibTex.Escape(c.Title)} — a collection by {c.OwnerHandle}, {papers.Count} {(papers.Count == 1 ? "paper" : "papers")}\n% {http.SiteBase()}{CollectionAccess.Url(c)}\n\n";
        return Results.File(Encoding.UTF8.GetBytes(header + BibTex.Export(papers.Select(p => p.Paper))), BibTexType, c.Slug + ".bib");
    }


    private static async Task<IResult> JsonAsync(HttpContext http, string handle, string slug)
    {
        if (await VisibleAsync(http, handle, slug) is not { } c) return NotFound(handle, slug);
        var store = http.RequestServices.GetRequiredService<CollectionStore>();
        var json = CollectionJson.From(c, http.SiteBase(), await store.ItemsAsync(c.Id, http.RequestAborted));
        return Results.File(JsonSerializer.SerializeToUtf8Bytes(json, CollectionJsonContext.Default.CollectionJson), "application/json; charset=utf-8", c.Slug + ".json");
    }

    /// <summary>RSS of a public collection, newest additions first (what a reader wants to be told about).</summary>
    private static async Task<IResult> RssAsync(HttpContext http, string handle, string slug)
    {
        // Feed readers carry no session, so a private collection has no feed even for its owner.
        if (await VisibleAsync(http, handle, slug) is not { IsPrivate: false } c) return NotFound(handle, slug);
        var store = http.RequestServices.GetRequiredService<CollectionStore>();
        var items = (await store.ItemsAsync(c.Id, http.RequestAborted)).OrderByDescending(i => i.AddedAt).Take(SyndicationFeeds.MaxItems).ToList();
        var views = (await http.RequestServices.GetRequiredService<PaperStore>().GetManyAsync(items.Select(i => i.PaperId).ToList(), http.RequestAborted))
            .ToDictionary(v => v.Id);
        var site = http.SiteBase();
        var page = site + CollectionAccess.Url(c);
        var xml = SyndicationFeeds.WriteRss(new SyndicationFeeds.RssChannel(
            $"{c.Title} — a collection by {c.OwnerHandle}", page, page + ".rss",
            c.Description.Length > 0 ? c.Description : $"Papers {c.OwnerHandle} collected in \"{c.Title}\".",
            items.Count > 0 ? items.Max(i => i.AddedAt) : c.UpdatedAt,
            items.Where(i => views.ContainsKey(i.PaperId)).Select(i =>
            {
                var p = views[i.PaperId].Paper;
                var text = PaperText.NormalizeAbstract(p.Abstract);
                return new SyndicationFeeds.RssItem(PaperText.CollapseWhitespace(p.Title), $"{site}/papers/{p.ArxivId}",
                    i.Note.Length > 0 ? $"Note: {i.Note}\n\n{text}" : text, i.AddedAt, p.Categories);
            }).ToList()));
        return Results.Text(xml, "application/rss+xml; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> PaperBibAsync(HttpContext http, string rawId)
    {
        // A file endpoint: its refusals are plain text, with PaperLookup's statuses and messages.
        var parsed = PaperLookup.Parse(rawId);
        if (parsed.Message is null && parsed.Id.Id != rawId) return Results.Redirect($"/papers/{parsed.Id.Id}.bib", permanent: true);
        var find = parsed.Message is null ? await PaperLookup.FindAsync(http.RequestServices.GetRequiredService<PaperStore>(), rawId, http.RequestAborted) : parsed;
        if (find.Paper is not { } view) return Results.Text(find.Message + "\n", "text/plain; charset=utf-8", Encoding.UTF8, find.Status);
        return Results.File(Encoding.UTF8.GetBytes(BibTex.Entry(view.Paper)), BibTexType, view.Paper.ArxivId.Replace('/', '_') + ".bib");
    }

    /// <summary>"Export my data" from the settings page: a POST (antiforgery) answered with a JSON attachment.</summary>
    private static async Task<IResult> ExportMyDataAsync(HttpContext http)
    {
        if (http.User.UserId() is not { } userId) return Results.Redirect("/account/signin?returnUrl=%2Faccount%2Fsettings");
        if (!await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http))
            return Results.Text("The form expired: reload the settings page and try again.\n", "text/plain; charset=utf-8", Encoding.UTF8, 400);
        if (await TooManyRequests.CheckAsync(http, http.RequestServices.GetRequiredService<CollectionLimiter>(), userId, CollectionLimiter.What) is { } tooMany)
            return tooMany; // the settings page's form: the site's "Too many requests" page
        var export = await http.RequestServices.GetRequiredService<UserDataExport>().BuildAsync(userId, http.RequestAborted);
        var bytes = Encoding.UTF8.GetBytes(export.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var handle = http.User.Identity?.Name ?? "me";
        return Results.File(bytes, "application/json; charset=utf-8", $"dailypapers-{handle}-{http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow():yyyy-MM-dd}.json");
    }
}
