using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DailyPapers.Storage;
using Dapper;

namespace DailyPapers.Web.Tests.Collections;

/// <summary>The collection pages, the Save control, exports (.bib/.json/.rss), the paper's BibTeX and "Export my data".</summary>
public sealed partial class CollectionPageTests(CollectionsApp app) : IClassFixture<CollectionsApp>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private static async Task<string> TokenFrom(HttpClient client, string page)
    {
        var html = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
        var m = TokenField().Match(html);
        Assert.True(m.Success, $"no form token on {page}: {html}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string tokenPage, string action, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = await TokenFrom(client, tokenPage);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private static async Task<string> Html(HttpClient c, string path)
    {
        var r = await c.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Save_from_the_paper_page_without_script_then_download_the_collections_bibtex()
    {
        var u = await app.UserAsync();
        const string Paper = "/papers/2405.15682";
        var page = await Html(u.Browser, Paper);
        Assert.Contains("action=\"/collections/add\"", page);
        Assert.Contains("<pre class=\"bibtex-pre\"", page);
        Assert.Contains("eprint        = {2405.15682}", page);

        // A new collection from a title, then back to the paper page.
        var created = await Post(u.Browser, Paper, "/collections/add", new() { ["Paper"] = "2405.15682", ["Title"] = "My reading", ["ReturnUrl"] = Paper });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(Paper, created.Headers.Location!.OriginalString);
        page = await Html(u.Browser, Paper);
        Assert.Contains($"href=\"/users/{u.Handle}/collections/my-reading\"", page); // "In My reading"

        // Another paper into the existing collection, chosen from the list.
        var id = (await app.Service<CollectionStore>().FindAsync(u.Handle, "my-reading"))!.Id;
        var added = await Post(u.Browser, "/papers/2405.15319", "/collections/add", new() { ["Paper"] = "2405.15319", ["Collection"] = $"{id}", ["ReturnUrl"] = "https://evil.example/" });
        Assert.Equal($"/users/{u.Handle}/collections/my-reading?done=added", added.Headers.Location!.OriginalString); // foreign return URLs are ignored

        var col = await Html(u.Browser, $"/users/{u.Handle}/collections/my-reading");
        Assert.True(col.IndexOf("2405.15682", StringComparison.Ordinal) < col.IndexOf("2405.15319", StringComparison.Ordinal));
        Assert.Contains($"href=\"/users/{u.Handle}/collections/my-reading.bib\"", col);
        Assert.Contains($"<link rel=\"alternate\" type=\"application/rss+xml\" title=\"My reading (RSS)\" href=\"/users/{u.Handle}/collections/my-reading.rss\"", col);

        var bib = await u.Browser.GetAsync($"/users/{u.Handle}/collections/my-reading.bib");
        Assert.Equal(HttpStatusCode.OK, bib.StatusCode);
        Assert.Equal("text/x-bibtex; charset=utf-8", bib.Content.Headers.ContentType!.ToString());
        Assert.Equal("attachment", bib.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("my-reading.bib", bib.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        var text = await bib.Content.ReadAsStringAsync();
        Assert.Equal(2, Regex.Matches(text, "^@misc\\{", RegexOptions.Multiline).Count);
        Assert.Contains("archivePrefix = {arXiv}", text);
        Assert.True(text.IndexOf("{2405.15682}", StringComparison.Ordinal) < text.IndexOf("{2405.15319}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_and_rss_exports_and_the_paper_bib()
    {
        var u = await app.UserAsync();
        var slug = await CollectionsApp.CreateAsync(u, "Feeds & <things>", false, "2405.15682", "2405.15319");
        var anon = app.App.Client();
        var basePath = $"/users/{u.Handle}/collections/{slug}";

        var json = await anon.GetAsync(basePath + ".json");
        Assert.Equal("attachment", json.Content.Headers.ContentDisposition!.DispositionType);
        using (var doc = JsonDocument.Parse(await json.Content.ReadAsStringAsync()))
        {
            Assert.Equal("Feeds & <things>", doc.RootElement.GetProperty("title").GetString());
            Assert.Equal(["2405.15682", "2405.15319"], doc.RootElement.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("paper").GetString()));
        }

        var rss = await anon.GetAsync(basePath + ".rss");
        Assert.Equal("application/rss+xml; charset=utf-8", rss.Content.Headers.ContentType!.ToString());
        var xml = XDocument.Parse(await rss.Content.ReadAsStringAsync());
        Assert.Equal("Feeds & <things> — a collection by " + u.Handle, xml.Root!.Element("channel")!.Element("title")!.Value);
        var links = xml.Descendants("item").Select(i => i.Element("link")!.Value).ToList();
        Assert.Equal(2, links.Count);
        Assert.All(links, l => Assert.Matches("/papers/2405\\.15(682|319)$", l));

        var paperBib = await anon.GetAsync("/papers/2405.15682.bib");
        Assert.Equal("text/x-bibtex; charset=utf-8", paperBib.Content.Headers.ContentType!.ToString());
        Assert.Equal("2405.15682.bib", paperBib.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        Assert.StartsWith("@misc{", await paperBib.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.MovedPermanently, (await anon.GetAsync("/papers/2405.15682v2.bib")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/papers/2405.99999.bib")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anon.GetAsync("/papers/hep-th/9901001.bib")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await anon.GetAsync("/papers/nonsense.bib")).StatusCode);
    }

    [Fact]
    public async Task A_private_collection_is_404_to_others_everywhere_and_served_to_its_owner()
    {
        var owner = await app.UserAsync();
        var other = await app.UserAsync();
        var slug = await CollectionsApp.CreateAsync(owner, "Hidden", true, "2405.15682");
        var path = $"/users/{owner.Handle}/collections/{slug}";
        foreach (var client in new[] { app.App.Client(), other.Browser })
            foreach (var suffix in new[] { "", ".bib", ".json", ".rss" })
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path + suffix)).StatusCode);
        Assert.Contains("Private", await Html(owner.Browser, path));
        Assert.Equal(HttpStatusCode.OK, (await owner.Browser.GetAsync(path + ".bib")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.Browser.GetAsync(path + ".rss")).StatusCode); // feeds are for public collections
        Assert.DoesNotContain("Hidden", await Html(app.App.Client(), $"/users/{owner.Handle}"));
        Assert.Contains("Hidden", await Html(owner.Browser, $"/users/{owner.Handle}"));
    }

    [Fact]
    public async Task The_owner_reorders_annotates_removes_edits_and_deletes_with_plain_forms()
    {
        var u = await app.UserAsync();
        var slug = await CollectionsApp.CreateAsync(u, "Order", false, "2405.15682", "2405.15319", "2405.14979");
        var path = $"/users/{u.Handle}/collections/{slug}";
        var store = app.Service<CollectionStore>();
        async Task<string[]> Order() => (await store.ItemsAsync((await store.FindAsync(u.Handle, slug))!.Id)).Select(i => i.ArxivId).ToArray();

        var moved = await Post(u.Browser, path, path + "?handler=Move", new() { ["Paper"] = "2405.14979", ["To"] = "up" });
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(["2405.15682", "2405.14979", "2405.15319"], await Order());
        await Post(u.Browser, path, path + "?handler=Move", new() { ["Paper"] = "2405.15682", ["To"] = "down" });
        Assert.Equal(["2405.14979", "2405.15682", "2405.15319"], await Order());

        await Post(u.Browser, path, path + "?handler=Note", new() { ["Paper"] = "2405.15319", ["Note"] = "Compare with sec. 4 <b>" });
        var html = await Html(u.Browser, path);
        Assert.Contains("Compare with sec. 4 &lt;b&gt;", html);
        var tooLong = await Post(u.Browser, path, path + "?handler=Note", new() { ["Paper"] = "2405.15319", ["Note"] = new string('n', 1001) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("the limit is 1000", await tooLong.Content.ReadAsStringAsync());

        await Post(u.Browser, path, path + "?handler=Remove", new() { ["Paper"] = "2405.15682" });
        Assert.Equal(["2405.14979", "2405.15319"], await Order());
        Assert.Equal(HttpStatusCode.NotFound, (await Post(u.Browser, path, path + "?handler=Remove", new() { ["Paper"] = "2405.15682" })).StatusCode);

        await Post(u.Browser, path, path + "?handler=Edit", new() { ["Title"] = "Ordered", ["Description"] = "two left", ["Private"] = "true" });
        var c = (await store.FindAsync(u.Handle, slug))!;
        Assert.Equal(("Ordered", "two left", true), (c.Title, c.Description, c.IsPrivate));

        var deleted = await Post(u.Browser, path, path + "?handler=Delete", new());
        Assert.Equal("/collections?done=deleted", deleted.Headers.Location!.OriginalString);
        Assert.Null(await store.FindAsync(u.Handle, slug));
    }

    [Fact]
    public async Task The_save_control_on_cards_and_the_paper_page_removes_a_paper_from_a_collection()
    {
        var u = await app.UserAsync();
        var other = await app.UserAsync();
        var slug = await CollectionsApp.CreateAsync(u, "Shortlist", false, "2405.15682");
        var id = (await app.Service<CollectionStore>().FindAsync(u.Handle, slug))!.Id;
        const string Feed = "/papers/date/2024-05-27";
        var feed = await Html(u.Browser, Feed);
        Assert.Contains("Remove from Shortlist", feed); // on the card of the paper it holds
        Assert.Contains("action=\"/collections/add?handler=Remove\"", await Html(u.Browser, "/papers/2405.15682"));

        // Someone else cannot remove it from this collection (it is not one of theirs).
        var steal = await Post(other.Browser, Feed, "/collections/add?handler=Remove", new() { ["Paper"] = "2405.15682", ["Collection"] = $"{id}" });
        Assert.Equal(HttpStatusCode.BadRequest, steal.StatusCode);
        Assert.Single(await app.Service<CollectionStore>().ItemsAsync(id));
        // Without the form token: refused.
        var noToken = new FormUrlEncodedContent(new Dictionary<string, string> { ["Paper"] = "2405.15682", ["Collection"] = $"{id}" });
        Assert.Equal(HttpStatusCode.BadRequest, (await u.Browser.PostAsync("/collections/add?handler=Remove", noToken)).StatusCode);

        var removed = await Post(u.Browser, Feed, "/collections/add?handler=Remove", new() { ["Paper"] = "2405.15682", ["Collection"] = $"{id}", ["ReturnUrl"] = Feed });
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(Feed, removed.Headers.Location!.OriginalString);
        Assert.Empty(await app.Service<CollectionStore>().ItemsAsync(id));
        Assert.DoesNotContain("Remove from Shortlist", await Html(u.Browser, Feed));
    }

    [Fact]
    public async Task Others_cannot_change_it_anonymous_posts_sign_in_and_posts_without_a_form_token_are_400()
    {
        var owner = await app.UserAsync();
        var other = await app.UserAsync();
        var open = await CollectionsApp.CreateAsync(owner, "Open", false, "2405.15682");
        var secret = await CollectionsApp.CreateAsync(owner, "Secret", true, "2405.15682");
        var openPath = $"/users/{owner.Handle}/collections/{open}";
        var secretPath = $"/users/{owner.Handle}/collections/{secret}";

        Assert.DoesNotContain("handler=Remove", await Html(other.Browser, openPath)); // no owner forms for others
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(other.Browser, openPath, openPath + "?handler=Remove", new() { ["Paper"] = "2405.15682" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Post(other.Browser, openPath, openPath + "?handler=Delete", new())).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Post(other.Browser, openPath, secretPath + "?handler=Delete", new())).StatusCode);
        // Anonymous pages carry no form token, so an anonymous change is refused before anything else.
        Assert.Equal(HttpStatusCode.BadRequest, (await app.App.Client().PostAsync(openPath + "?handler=Delete", new FormUrlEncodedContent([]))).StatusCode);
        // Someone else's collection id in the Save form is refused like a missing one.
        var ownerCollection = (await app.Service<CollectionStore>().FindAsync(owner.Handle, open))!.Id;
        var steal = await Post(other.Browser, "/papers/2405.15319", "/collections/add", new() { ["Paper"] = "2405.15319", ["Collection"] = $"{ownerCollection}" });
        Assert.Equal(HttpStatusCode.BadRequest, steal.StatusCode);

        var anon = app.App.Client();
        var signIn = await anon.PostAsync("/collections/add", new FormUrlEncodedContent(new Dictionary<string, string> { ["Paper"] = "2405.15319", ["Title"] = "x" }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/account/signin", signIn.Headers.Location!.AbsolutePath);

        var noToken = new FormUrlEncodedContent(new Dictionary<string, string> { ["Paper"] = "2405.15319", ["Title"] = "csrf" });
        Assert.Equal(HttpStatusCode.BadRequest, (await other.Browser.PostAsync("/collections/add", noToken)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Browser.PostAsync(openPath + "?handler=Delete", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Browser.PostAsync("/collections", new FormUrlEncodedContent(new Dictionary<string, string> { ["Title"] = "csrf" }))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.Browser.PostAsync("/account/export", new FormUrlEncodedContent([]))).StatusCode);
        Assert.Single(await app.Service<CollectionStore>().ItemsAsync(ownerCollection));
        Assert.Empty(await app.Service<CollectionStore>().ListByOwnerAsync(other.Id, includePrivate: true));
        Assert.NotNull(await app.Service<CollectionStore>().FindAsync(owner.Handle, open));
    }

    [Fact]
    public async Task Collections_page_creates_and_cards_show_the_save_control_only_when_signed_in()
    {
        var u = await app.UserAsync();
        var empty = await Post(u.Browser, "/collections", "/collections", new() { ["Title"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("Give the collection a title.", await empty.Content.ReadAsStringAsync());
        var made = await Post(u.Browser, "/collections", "/collections", new() { ["Title"] = "Weekend", ["Private"] = "true" });
        Assert.Equal($"/users/{u.Handle}/collections/weekend", made.Headers.Location!.OriginalString);
        Assert.Contains("Weekend", await Html(u.Browser, "/collections"));

        const string Feed = "/papers/date/2024-05-27";
        Assert.DoesNotContain("collect-card", await Html(app.App.Client(), Feed));   // anonymous (and cached) pages carry no control
        var signedIn = await Html(u.Browser, Feed);
        Assert.Contains("class=\"collect collect-card\"", signedIn);                     // never the anonymous cached copy
        Assert.Contains("Weekend (private)", signedIn);
        Assert.Contains("Sign in</a> to save this paper", await Html(app.App.Client(), "/papers/2405.15682"));
    }

    [Fact]
    public async Task Export_my_data_downloads_votes_collections_and_submissions()
    {
        var u = await app.UserAsync();
        Assert.Equal(HttpStatusCode.OK, (await u.Api.PostAsync("/api/papers/2405.15682/upvote", null)).StatusCode);
        await CollectionsApp.CreateAsync(u, "Export me", true, "2405.15319");
        await using (var c = await app.Service<Database>().OpenAsync())
            await c.ExecuteAsync("UPDATE daily_entries SET submitted_by = @id WHERE paper_id = (SELECT id FROM papers WHERE arxiv_id = '2405.14979')", new { id = u.Id });

        Assert.Contains("action=\"/account/export\"", await Html(u.Browser, "/account/settings"));
        var r = await Post(u.Browser, "/account/settings", "/account/export", new());
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("attachment", r.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith($"dailypapers-{u.Handle}-", r.Content.Headers.ContentDisposition.FileName?.Trim('"'));
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var root = doc.RootElement;
        Assert.Equal(u.Handle, root.GetProperty("profile").GetProperty("handle").GetString());
        Assert.Equal("2405.15682", Assert.Single(root.GetProperty("votes").EnumerateArray()).GetProperty("arxiv_id").GetString());
        Assert.Contains(root.GetProperty("submissions").EnumerateArray(), s => s.GetProperty("arxiv_id").GetString() == "2405.14979");
        var col = Assert.Single(root.GetProperty("collections").EnumerateArray());
        Assert.Equal("2405.15319", Assert.Single(col.GetProperty("items").EnumerateArray()).GetProperty("arxiv_id").GetString());

        var anon = await app.App.Client().PostAsync("/account/export", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, anon.StatusCode);
    }
}
