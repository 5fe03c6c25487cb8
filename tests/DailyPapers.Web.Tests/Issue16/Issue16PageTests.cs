using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Issue16;

/// <summary>Issue 16 over HTTP: sharing and citing tags, canonical links, robots.txt and the sitemap.</summary>
[Collection(SeededCollection.Name)]
public sealed partial class Issue16PageTests(SeededApp app)
{
    private string Base => app.Factory.Services.GetRequiredService<SiteUrl>().Base;

    /// <summary>Every &lt;meta name|property=… content=…&gt; and &lt;link rel=… href=…&gt; of the page's head, in order, decoded.</summary>
    private static List<(string Key, string Value)> HeadTags(string html)
    {
        var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        var tags = new List<(string, string)>();
        foreach (Match m in Tag().Matches(head))
        {
            var attrs = Attr().Matches(m.Value).ToDictionary(a => a.Groups[1].Value, a => WebUtility.HtmlDecode(a.Groups[2].Value));
            if (m.Groups[1].Value == "meta" && attrs.TryGetValue("content", out var content)
                && (attrs.GetValueOrDefault("name") ?? attrs.GetValueOrDefault("property")) is { } key)
                tags.Add((key, content));
            else if (m.Groups[1].Value == "link" && attrs.TryGetValue("rel", out var rel) && attrs.TryGetValue("href", out var href))
                tags.Add(("link:" + rel, href));
        }
        return tags;
    }

    [GeneratedRegex("<(meta|link)\\b[^>]*>")]
    private static partial Regex Tag();
    [GeneratedRegex("([a-z:_-]+)=\"([^\"]*)\"")]
    private static partial Regex Attr();

    private async Task<string> Html(string url)
    {
        var r = await app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Issue16_12_paper_page_carries_google_scholar_citation_tags_for_zotero()
    {
        const string Id = "2608.18580";
        using var fixture = JsonDocument.Parse(File.ReadAllBytes(DailyPapersFactory.FixturePath("2026-08-21.json")));
        var raw = fixture.RootElement.EnumerateArray().Select(i => i.GetProperty("paper")).Single(p => p.GetProperty("id").GetString() == Id);
        var authors = raw.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToList();

        var tags = HeadTags(await Html("/papers/" + Id));
        string One(string key) => Assert.Single(tags, t => t.Key == key).Value;

        Assert.Equal("FACET: Preserving Source Intent and Executable State in Terminal Task Synthesis", One("citation_title"));
        Assert.Equal(authors, tags.Where(t => t.Key == "citation_author").Select(t => t.Value).ToList()); // one per author, in order
        Assert.Equal(13, authors.Count);
        Assert.Equal("2026/08/19", One("citation_publication_date"));
        Assert.Equal("2026/08/19", One("citation_date"));
        Assert.Equal(Id, One("citation_arxiv_id"));
        Assert.Equal("https://arxiv.org/pdf/" + Id, One("citation_pdf_url"));
        Assert.Equal(Base + "/papers/" + Id, One("citation_abstract_html_url"));

        // Sharing: one canonical address, the same in OpenGraph; a description from the abstract.
        Assert.Equal(Base + "/papers/" + Id, One("link:canonical"));
        Assert.Equal(Base + "/papers/" + Id, One("og:url"));
        Assert.Equal("article", One("og:type"));
        Assert.StartsWith("FACET:", One("og:title"));
        Assert.Equal(One("description"), One("og:description"));
        Assert.Equal("summary", One("twitter:card"));
    }

    [Theory]
    [InlineData("/", "/papers")]
    [InlineData("/papers", "/papers")]
    [InlineData("/papers?page=1", "/papers")]
    [InlineData("/papers/trending", "/papers/trending")]
    [InlineData("/organizations", "/organizations")]
    public async Task Issue16_12_canonical_link_and_description_on_every_page(string url, string canonical)
    {
        var tags = HeadTags(await Html(url));
        Assert.Equal(Base + canonical, Assert.Single(tags, t => t.Key == "link:canonical").Value);
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(tags, t => t.Key == "description").Value));
        Assert.Single(tags, t => t.Key == "og:title");
    }

    [Fact]
    public async Task Issue16_12_search_results_and_error_pages_name_no_canonical_address()
    {
        Assert.DoesNotContain(HeadTags(await Html("/papers?q=agents")), t => t.Key == "link:canonical");
        var missing = await app.Client().GetAsync("/papers/2608.99999");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var tags = HeadTags(await missing.Content.ReadAsStringAsync());
        Assert.DoesNotContain(tags, t => t.Key == "link:canonical");
        Assert.Contains(("robots", "noindex"), tags);
    }

    [Fact]
    public async Task Issue16_12_robots_txt_points_to_the_sitemap()
    {
        var r = await app.Client().GetAsync("/robots.txt");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("text/plain", r.Content.Headers.ContentType?.MediaType);
        var text = await r.Content.ReadAsStringAsync();
        Assert.Contains("User-agent: *", text);
        Assert.Contains("Disallow: /account/", text);
        Assert.Contains($"Sitemap: {Base}/sitemap.xml", text);
    }

    [Fact]
    public async Task Issue16_12_sitemap_is_xml_listing_every_paper_page()
    {
        var r = await app.Client().GetAsync("/sitemap.xml");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/xml", r.Content.Headers.ContentType?.MediaType);
        var doc = XDocument.Parse(await r.Content.ReadAsStringAsync());
        XNamespace ns = "http://www.sitemaps.org/schemas/sitemap/0.9";
        Assert.Equal(ns + "urlset", doc.Root!.Name);
        var locs = doc.Root.Elements(ns + "url").Select(u => u.Element(ns + "loc")!.Value).ToList();
        Assert.Contains(Base + "/papers", locs);
        Assert.Contains(Base + "/papers/2608.18580", locs);
        var papers = await app.Factory.Services.GetRequiredService<PaperStore>().CountPapersAsync();
        Assert.Equal(papers, locs.Count - 4); // every paper page, plus /papers, /papers/trending, /organizations, /collections
        Assert.Equal(locs.Count, locs.Distinct().Count());
        Assert.All(doc.Root.Elements(ns + "url").Elements(ns + "lastmod"), m => Assert.Matches("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", m.Value));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/sitemaps/papers-2.xml")).StatusCode);
    }

    [Fact]
    public async Task Issue16_6_header_links_organisations_collections_and_submit()
    {
        var html = await Html("/papers");
        foreach (var href in new[] { "/organizations", "/collections", "/papers/submit", "/papers/trending" })
            Assert.Contains($"<a href=\"{href}\"", html);
        Assert.Contains("<a href=\"/papers\" aria-current=\"page\">Papers</a>", html.Replace(" class=\"\"", ""));
    }
}

/// <summary>Issue 16.6 with its own app: public collections can be browsed without signing in; private ones stay private.</summary>
public sealed class Issue16CollectionsTests : IAsyncLifetime
{
    private readonly DailyPapersFactory _factory = new();

    public Task InitializeAsync() => _factory.SeedAsync();
    public Task DisposeAsync() { _factory.Dispose(); return Task.CompletedTask; }

    [Fact]
    public async Task Issue16_6_public_collections_are_browsable_signed_out_and_private_ones_are_not_listed()
    {
        var services = _factory.Services;
        var account = await services.GetRequiredService<AccountStore>().CreateAsync("curator16", "curator16@example.org", DailyPapers.Accounts.Passwords.Hash("correct horse battery"), confirmed: true);
        var collections = services.GetRequiredService<CollectionStore>();
        var paper = (await services.GetRequiredService<PaperStore>().GetAsync("2608.18580"))!;
        var (_, open) = await collections.CreateAsync(account.Id, "Agents reading list", "", isPrivate: false);
        var (_, hidden) = await collections.CreateAsync(account.Id, "Secret drafts", "", isPrivate: true);
        var (_, empty) = await collections.CreateAsync(account.Id, "Nothing yet", "", isPrivate: false);
        await collections.AddItemAsync(open!.Id, paper.Id, "");
        await collections.AddItemAsync(hidden!.Id, paper.Id, "");

        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var r = await client.GetAsync("/collections");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("Agents reading list", html);
        Assert.Contains("/users/curator16/collections/" + open.Slug, html);
        Assert.Contains("1 paper ·", html); // not "1 papers"
        Assert.DoesNotContain("Secret drafts", html);
        Assert.DoesNotContain(empty!.Title, html);
        Assert.DoesNotContain("New collection", html); // creating needs an account
        // The private one is still a 404 to a visitor; creating without an account is refused.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/users/curator16/collections/" + hidden.Slug)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/collections?page=x")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.PostAsync("/collections", new FormUrlEncodedContent(new Dictionary<string, string> { ["Title"] = "x" }))).StatusCode);
    }
}
