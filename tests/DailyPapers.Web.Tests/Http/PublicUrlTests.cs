using System.Net;
using System.Text.RegularExpressions;

namespace DailyPapers.Web.Tests.Http;

/// <summary>
/// Issue 11: one base URL for every absolute link. With DailyPapers:PublicUrl set, feeds, API links and collection
/// exports carry it; a forged Host header (let through here by AllowedHosts=*) never reaches a link.
/// </summary>
public sealed partial class PublicUrlTests(HttpApp app) : IClassFixture<HttpApp>
{
    private const string Forged = "evil.example";

    private async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string? host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (host is not null) request.Headers.Host = host;
        var r = await client.SendAsync(request);
        Assert.True(r.IsSuccessStatusCode, $"{path} (Host {host ?? "default"}): {(int)r.StatusCode}");
        return r;
    }

    /// <summary>Every absolute http(s) URL in <paramref name="text"/> that points at this site is on PublicUrl.</summary>
    private static void AssertLinksOnPublicUrl(string what, string text)
    {
        Assert.Contains(HttpApp.PublicUrl + "/", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, text, StringComparison.OrdinalIgnoreCase);
        foreach (Match m in SiteLink().Matches(text))
            Assert.Fail($"{what}: a link on another base: {m.Value}");
    }

    // An absolute link on a base this site could take from elsewhere: the request's host or its listen address.
    [GeneratedRegex(@"https?://(?:localhost|127\.0\.0\.1|\[::1\]|evil\.example)[^\s""'<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex SiteLink();

    [Theory]
    [InlineData(null)]
    [InlineData(Forged)]
    public async Task Feeds_use_PublicUrl(string? host)
    {
        foreach (var feed in new[] { "/papers/feed.rss", "/papers/feed.atom" })
            AssertLinksOnPublicUrl(feed, await (await GetAsync(app.App.Client(), feed, host)).Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Forged)]
    public async Task The_api_next_page_link_uses_PublicUrl(string? host)
    {
        var r = await GetAsync(app.App.Client(), "/api/papers?limit=1", host);
        var link = string.Join(",", r.Headers.GetValues("Link"));
        Assert.StartsWith($"<{HttpApp.PublicUrl}/api/papers?cursor=", link, StringComparison.Ordinal);
        Assert.DoesNotContain(Forged, link, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Forged)]
    public async Task Collection_api_and_exports_use_PublicUrl(string? host)
    {
        var u = await app.UserAsync();
        var slug = await HttpApp.CollectionAsync(u, "2409.12192", "2405.15125");
        var api = await (await GetAsync(u.Api, $"/api/collections/{u.Handle}/{slug}", host)).Content.ReadAsStringAsync();
        AssertLinksOnPublicUrl("collection API", api);
        Assert.Contains($"\"bibtexUrl\": \"{HttpApp.PublicUrl}/users/{u.Handle}/collections/{slug}.bib\"", api, StringComparison.Ordinal);
        AssertLinksOnPublicUrl("collection list API", await (await GetAsync(u.Api, $"/api/users/{u.Handle}/collections", host)).Content.ReadAsStringAsync());

        var anonymous = app.App.Client();
        var bib = await (await GetAsync(anonymous, $"/users/{u.Handle}/collections/{slug}.bib", host)).Content.ReadAsStringAsync();
        Assert.Contains($"% {HttpApp.PublicUrl}/users/{u.Handle}/collections/{slug}\n", bib, StringComparison.Ordinal);
        AssertLinksOnPublicUrl(".bib", bib);
        AssertLinksOnPublicUrl(".json", await (await GetAsync(anonymous, $"/users/{u.Handle}/collections/{slug}.json", host)).Content.ReadAsStringAsync());
        AssertLinksOnPublicUrl(".rss", await (await GetAsync(anonymous, $"/users/{u.Handle}/collections/{slug}.rss", host)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_papers_markdown_uses_PublicUrl_under_a_forged_host() =>
        AssertLinksOnPublicUrl("paper .md", await (await GetAsync(app.App.Client(), "/papers/2409.12192.md", Forged)).Content.ReadAsStringAsync());
}
