using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DailyPapers.Web.Tests.Collections;

/// <summary>The collections API: bearer writes, owner-only changes, private = 404, JSON errors, limits, 429.</summary>
public sealed class CollectionApiTests(CollectionsApp app) : IClassFixture<CollectionsApp>
{
    private static string[] Ids(JsonElement c) => c.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("paper").GetString()!).ToArray();

    [Fact]
    public async Task Create_add_reorder_annotate_remove_and_delete()
    {
        var u = await app.UserAsync();
        var created = await u.Api.PostAsJsonAsync("/api/collections", new { title = "  Agents & tools ", description = "d" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/collections/{u.Handle}/agents-tools", created.Headers.Location!.OriginalString);
        var body = await CollectionsApp.Json(created);
        Assert.Equal(("Agents & tools", "agents-tools", false, 0), (body.GetProperty("title").GetString(), body.GetProperty("slug").GetString(),
            body.GetProperty("private").GetBoolean(), body.GetProperty("numItems").GetInt32()));
        var api = $"/api/collections/{u.Handle}/agents-tools";

        Assert.Equal(HttpStatusCode.Created, (await u.Api.PostAsJsonAsync(api + "/items", new { paper = "2405.15682", note = "read first" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await u.Api.PostAsJsonAsync(api + "/items", new { paper = "arXiv:2405.15319v2" })).StatusCode);
        var again = await u.Api.PostAsJsonAsync(api + "/items", new { paper = "2405.15682" });
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // already there: idempotent
        var c = await CollectionsApp.Json(again);
        Assert.Equal(["2405.15682", "2405.15319"], Ids(c));
        Assert.Equal("read first", c.GetProperty("items")[0].GetProperty("note").GetString());

        var moved = await u.Api.PatchAsJsonAsync(api + "/items/2405.15319", new { position = 0, note = "now first" });
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        c = await CollectionsApp.Json(moved);
        Assert.Equal(["2405.15319", "2405.15682"], Ids(c));
        Assert.Equal("now first", c.GetProperty("items")[0].GetProperty("note").GetString());

        var renamed = await u.Api.PatchAsJsonAsync(api, new { title = "Renamed", @private = true });
        Assert.Equal(("Renamed", true), ((await CollectionsApp.Json(renamed)).GetProperty("title").GetString(), (await CollectionsApp.Json(renamed)).GetProperty("private").GetBoolean()));

        Assert.Equal(HttpStatusCode.NoContent, (await u.Api.DeleteAsync(api + "/items/2405.15319")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await u.Api.DeleteAsync(api + "/items/2405.15319")).StatusCode);
        Assert.Equal(["2405.15682"], Ids(await CollectionsApp.Json(await u.Api.GetAsync(api))));

        var list = await CollectionsApp.Json(await u.Api.GetAsync($"/api/users/{u.Handle}/collections"));
        Assert.Equal("Renamed", Assert.Single(list.EnumerateArray()).GetProperty("title").GetString());
        Assert.Empty((await CollectionsApp.Json(await app.Api(null).GetAsync($"/api/users/{u.Handle}/collections"))).EnumerateArray()); // private: not listed to others

        Assert.Equal(HttpStatusCode.NoContent, (await u.Api.DeleteAsync(api)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await u.Api.GetAsync(api)).StatusCode);
    }

    [Fact]
    public async Task Private_collections_are_404_to_others_and_others_cannot_change_public_ones()
    {
        var owner = await app.UserAsync();
        var other = await app.UserAsync();
        var secret = await CollectionsApp.CreateAsync(owner, "Secret", isPrivate: true, "2405.15682");
        var open = await CollectionsApp.CreateAsync(owner, "Open", isPrivate: false, "2405.15682");
        var secretApi = $"/api/collections/{owner.Handle}/{secret}";
        var openApi = $"/api/collections/{owner.Handle}/{open}";

        Assert.Equal(HttpStatusCode.OK, (await owner.Api.GetAsync(secretApi)).StatusCode);
        foreach (var client in new[] { app.Api(null), other.Api })
        {
            var hidden = await client.GetAsync(secretApi);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
            // The same answer as for a collection that does not exist: no existence leak.
            var none = await client.GetAsync($"/api/collections/{owner.Handle}/no-such-thing");
            Assert.Equal((await CollectionsApp.Json(none)).GetProperty("error").GetString()!.Replace("no-such-thing", secret),
                (await CollectionsApp.Json(hidden)).GetProperty("error").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(openApi)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.PostAsJsonAsync(secretApi + "/items", new { paper = "2405.15319" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Api.DeleteAsync(secretApi)).StatusCode);
        var forbidden = await other.Api.PostAsJsonAsync(openApi + "/items", new { paper = "2405.15319" });
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("Only its owner", (await CollectionsApp.Json(forbidden)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Api.DeleteAsync(openApi)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Api.PatchAsJsonAsync(openApi, new { title = "mine now" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.Api.DeleteAsync(openApi + "/items/2405.15682")).StatusCode);
        Assert.Equal(["2405.15682"], Ids(await CollectionsApp.Json(await owner.Api.GetAsync(openApi))));
    }

    [Fact]
    public async Task Anonymous_writes_get_401_json_and_a_cookie_is_not_an_api_credential()
    {
        var owner = await app.UserAsync();
        var slug = await CollectionsApp.CreateAsync(owner, "Mine");
        var anon = app.Api(null);
        foreach (var r in new[]
        {
            await anon.PostAsJsonAsync("/api/collections", new { title = "x" }),
            await anon.PostAsJsonAsync($"/api/collections/{owner.Handle}/{slug}/items", new { paper = "2405.15682" }),
            await anon.DeleteAsync($"/api/collections/{owner.Handle}/{slug}"),
            await app.Api("dp_not_a_real_token").PostAsJsonAsync("/api/collections", new { title = "x" }),
            await owner.Browser.PostAsJsonAsync("/api/collections", new { title = "x" }),
        })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
            Assert.True((await CollectionsApp.Json(r)).TryGetProperty("error", out _));
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Api("dp_not_a_real_token").GetAsync($"/api/collections/{owner.Handle}/{slug}")).StatusCode);
        Assert.Single((await CollectionsApp.Json(await owner.Api.GetAsync($"/api/users/{owner.Handle}/collections"))).EnumerateArray());
    }

    [Fact]
    public async Task Bad_input_gets_4xx_with_a_clear_message()
    {
        var u = await app.UserAsync();
        var slug = await CollectionsApp.CreateAsync(u, "Inputs");
        var api = $"/api/collections/{u.Handle}/{slug}";
        async Task Expect(HttpResponseMessage r, HttpStatusCode status, string text)
        {
            Assert.Equal(status, r.StatusCode);
            Assert.Contains(text, (await CollectionsApp.Json(r)).GetProperty("error").GetString());
        }
        await Expect(await u.Api.PostAsJsonAsync("/api/collections", new { title = "" }), HttpStatusCode.BadRequest, "Give the collection a title");
        await Expect(await u.Api.PostAsJsonAsync("/api/collections", new { title = new string('t', 101) }), HttpStatusCode.BadRequest, "the limit is 100");
        await Expect(await u.Api.PostAsync("/api/collections", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest, "not the JSON");
        await Expect(await u.Api.PostAsJsonAsync(api + "/items", new { paper = "2405.15682", note = new string('n', 1001) }), HttpStatusCode.BadRequest, "the limit is 1000");
        await Expect(await u.Api.PostAsJsonAsync(api + "/items", new { paper = "not-an-id" }), HttpStatusCode.BadRequest, "");
        await Expect(await u.Api.PostAsJsonAsync(api + "/items", new { note = "no paper" }), HttpStatusCode.BadRequest, "Say which paper");
        await Expect(await u.Api.PostAsJsonAsync(api + "/items", new { paper = "2405.99999" }), HttpStatusCode.NotFound, "Paper 2405.99999 not found");
        await Expect(await u.Api.PostAsJsonAsync(api + "/items", new { paper = "hep-th/9901001" }), HttpStatusCode.NotFound, "not found");
        await Expect(await u.Api.PatchAsJsonAsync(api + "/items/2405.15682", new { position = 0 }), HttpStatusCode.NotFound, "is not in the collection");
        await Expect(await u.Api.DeleteAsync(api + "/items/hep-th/9901001"), HttpStatusCode.NotFound, "not found");
        await Expect(await u.Api.GetAsync($"/api/users/{u.Handle}x/collections"), HttpStatusCode.NotFound, "no user");
    }

    [Fact]
    public async Task Beyond_the_per_account_limit_writes_get_429_with_retry_after()
    {
        var u = await app.UserAsync();
        var slug = await CollectionsApp.CreateAsync(u, "Busy"); // 1 of the budget
        var api = $"/api/collections/{u.Handle}/{slug}";
        for (var i = 1; i < CollectionsApp.PerWindow; i++)
            Assert.Equal(HttpStatusCode.OK, (await u.Api.PatchAsJsonAsync(api, new { description = $"edit {i}" })).StatusCode);
        var limited = await u.Api.PatchAsJsonAsync(api, new { description = "one too many" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("Too many collection changes", (await CollectionsApp.Json(limited)).GetProperty("error").GetString());
        // Reads are not limited, and the refused change did not happen.
        Assert.Equal($"edit {CollectionsApp.PerWindow - 1}", (await CollectionsApp.Json(await u.Api.GetAsync(api))).GetProperty("description").GetString());
        // The pages draw from the same budget.
        var page = await u.Browser.GetAsync("/collections");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var post = await Accounts.AccountsApp.PostFormAsync(u.Browser, "/collections", new Dictionary<string, string> { ["Title"] = "x" });
        Assert.Equal(HttpStatusCode.TooManyRequests, post.StatusCode);
        // Another account has its own budget.
        var other = await app.UserAsync();
        await CollectionsApp.CreateAsync(other, "Fine");
    }
}
