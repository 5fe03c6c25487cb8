using System.Globalization;
using System.Xml;
using DailyPapers.Storage;

namespace DailyPapers.Web.Http;

/// <summary>
/// What search engines read first: <c>/robots.txt</c> (keep out of account, admin and form endpoints and of result
/// lists; where the sitemap is) and <c>/sitemap.xml</c> (every paper page, streamed from the database). Absolute
/// URLs come from the configured site URL (<see cref="SiteUrl"/>), never from the request's Host header.
/// </summary>
public static class CrawlerFiles
{
    /// <summary>
    /// Paper pages per sitemap file: under the protocol's 50,000 URLs (and 50 MB) with room for the fixed pages.
    /// More papers than this and /sitemap.xml becomes an index of /sitemaps/papers-N.xml files.
    /// </summary>
    public const int PapersPerFile = 40_000;
    private const string SitemapNs = "http://www.sitemaps.org/schemas/sitemap/0.9";
    private static readonly string[] FixedPages = ["/papers", "/papers/trending", "/organizations", "/collections"];

    public static IEndpointRouteBuilder MapCrawlerFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/robots.txt", Robots).CacheOutput(WebHost.ShortCachePolicy);
        app.MapGet("/sitemap.xml", SitemapAsync).CacheOutput(WebHost.ShortCachePolicy);
        app.MapGet("/sitemaps/papers-{part:int}.xml", PartAsync).CacheOutput(WebHost.ShortCachePolicy);
        return app;
    }

    private static IResult Robots(SiteUrl site) => Results.Text($"""
        # DailyPapers: paper pages and feeds are for everyone; accounts, forms and result lists are not worth crawling.
        User-agent: *
        Disallow: /account/
        Disallow: /admin/
        Disallow: /moderation/
        Disallow: /authorship/
        Disallow: /comments/
        Disallow: /digest/
        Disallow: /api/
        Disallow: /papers?q=
        Disallow: /papers?similar_to=

        Sitemap: {site.Link("/sitemap.xml")}

        """, "text/plain", System.Text.Encoding.UTF8);

    private static async Task SitemapAsync(HttpContext http, PaperStore store, SiteUrl site)
    {
        var ct = http.RequestAborted;
        var count = await store.CountPapersAsync(ct);
        if (count <= PapersPerFile)
        {
            await WriteUrlSetAsync(http, store, site, 0, includeFixedPages: true);
            return;
        }
        await using var xml = await StartAsync(http);
        await xml.WriteStartElementAsync(null, "sitemapindex", SitemapNs);
        for (var part = 1; (part - 1) * PapersPerFile < count; part++)
        {
            await xml.WriteStartElementAsync(null, "sitemap", SitemapNs);
            await xml.WriteElementStringAsync(null, "loc", SitemapNs, site.Link($"/sitemaps/papers-{part}.xml"));
            await xml.WriteEndElementAsync();
        }
        await xml.WriteEndElementAsync();
    }

    private static async Task PartAsync(HttpContext http, PaperStore store, SiteUrl site, int part)
    {
        var count = await store.CountPapersAsync(http.RequestAborted);
        if (part < 1 || (part - 1) * PapersPerFile >= Math.Max(count, 1))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return; // the status-code page explains
        }
        await WriteUrlSetAsync(http, store, site, (part - 1) * PapersPerFile, includeFixedPages: part == 1);
    }

    private static async Task WriteUrlSetAsync(HttpContext http, PaperStore store, SiteUrl site, int skip, bool includeFixedPages)
    {
        await using var xml = await StartAsync(http);
        await xml.WriteStartElementAsync(null, "urlset", SitemapNs);
        if (includeFixedPages)
            foreach (var path in FixedPages) await UrlAsync(xml, site.Link(path), null);
        var n = 0;
        await foreach (var p in store.SitemapAsync(skip, PapersPerFile, http.RequestAborted))
        {
            await UrlAsync(xml, site.Link("/papers/" + p.ArxivId), p.LastModified);
            if (++n % 1000 == 0) await xml.FlushAsync(); // stream: the client sees bytes while the rest is read
        }
        await xml.WriteEndElementAsync();
    }

    private static async Task<XmlWriter> StartAsync(HttpContext http)
    {
        http.Response.ContentType = "application/xml; charset=utf-8";
        var xml = XmlWriter.Create(http.Response.Body, new XmlWriterSettings
        {
            Async = true, Encoding = new System.Text.UTF8Encoding(false), Indent = false, CloseOutput = false,
        });
        await xml.WriteStartDocumentAsync();
        return xml;
    }

    private static async Task UrlAsync(XmlWriter xml, string loc, DateTimeOffset? lastModified)
    {
        await xml.WriteStartElementAsync(null, "url", SitemapNs);
        await xml.WriteElementStringAsync(null, "loc", SitemapNs, loc);
        if (lastModified is { } t)
            await xml.WriteElementStringAsync(null, "lastmod", SitemapNs, t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        await xml.WriteEndElementAsync();
    }
}
