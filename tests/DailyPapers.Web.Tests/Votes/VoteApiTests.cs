using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Storage;

namespace DailyPapers.Web.Tests.Votes;

/// <summary>POST/DELETE /api/papers/{id}/upvote with bearer tokens, the per-account limit, and trending order.</summary>
public sealed partial class VoteApiTests(VotesApp app) : IClassFixture<VotesApp>
{
    private HttpClient Api(string? token)
    {
        var client = app.App.Client();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    private static async Task<(HttpStatusCode Status, int Upvotes, bool Upvoted)> SendAsync(HttpClient client, HttpMethod method, string id)
    {
        var response = await client.SendAsync(new HttpRequestMessage(method, $"/api/papers/{id}/upvote"));
        if (response.IsSuccessStatusCode) Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        else Assert.Equal(ApiContentType.Problem, response.Content.Headers.ContentType!.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return response.StatusCode == HttpStatusCode.OK
            ? (response.StatusCode, doc.RootElement.GetProperty("upvotes").GetInt32(), doc.RootElement.GetProperty("upvoted").GetBoolean())
            : (response.StatusCode, -1, false);
    }

    [Fact]
    public async Task Upvote_and_unvote_are_idempotent_and_counts_match_the_votes_table()
    {
        const string Id = "2405.15682";
        var (_, token) = await app.ApiUserAsync();
        var api = Api(token);
        var hf = (await app.CountsAsync(Id)).HfUpvotes;

        Assert.Equal((HttpStatusCode.OK, hf + 1, true), await SendAsync(api, HttpMethod.Post, Id));
        Assert.Equal((HttpStatusCode.OK, hf + 1, true), await SendAsync(api, HttpMethod.Post, Id));
        Assert.Equal((1L, hf + 1, hf), await app.CountsAsync(Id));
        Assert.Equal((HttpStatusCode.OK, hf, false), await SendAsync(api, HttpMethod.Delete, Id));
        Assert.Equal((HttpStatusCode.OK, hf, false), await SendAsync(api, HttpMethod.Delete, Id));
        Assert.Equal((0L, hf, hf), await app.CountsAsync(Id));
    }

    [Fact]
    public async Task Missing_or_bad_tokens_get_401_json_and_bad_ids_400_or_404()
    {
        const string Id = "2405.15319";
        var none = await Api(null).PostAsync($"/api/papers/{Id}/upvote", null);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("\"error\":", await none.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(Api("dp_not_a_real_token"), HttpMethod.Delete, Id)).Status);
        // A signed-in browser session is not an API credential.
        var (cookieClient, _) = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookieClient.PostAsync($"/api/papers/{Id}/upvote", null)).StatusCode);

        var (_, token) = await app.ApiUserAsync();
        var api = Api(token);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Post, "2405.99999")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(api, HttpMethod.Post, "not-an-id")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(api, HttpMethod.Post, "hep-th/9901001")).Status); // old-style ids route
        Assert.Equal(0L, (await app.CountsAsync(Id)).Votes);
    }

    [Fact]
    public async Task Votes_beyond_the_per_account_limit_get_429_on_the_api_and_the_button()
    {
        const string Id = "2405.14979";
        var (_, token) = await app.ApiUserAsync();
        var api = Api(token);
        for (var i = 0; i < VotesApp.PerWindow; i++)
            Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, i % 2 == 0 ? HttpMethod.Post : HttpMethod.Delete, Id)).Status);
        var limited = await api.PostAsync($"/api/papers/{Id}/upvote", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("Too many votes", await limited.Content.ReadAsStringAsync());
        Assert.Equal(0L, (await app.CountsAsync(Id)).Votes); // the refused vote did not count

        // Another account still has its own budget.
        var (_, other) = await app.ApiUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Api(other), HttpMethod.Post, Id)).Status);

        // The button draws from the same per-account budget as the API.
        var (client, _) = await app.SignedInAsync();
        var html = await (await client.GetAsync("/papers/" + Id)).Content.ReadAsStringAsync();
        var button = VotesApp.FindButton(html, Id)!;
        var form = () => new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = button.Token!, ["returnUrl"] = "/papers/" + Id });
        for (var i = 0; i < VotesApp.PerWindow; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(button.Action, form())).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.PostAsync(button.Action, form())).StatusCode);
    }

    [Fact]
    public async Task Concurrent_api_voters_leave_counts_equal_to_the_votes_table()
    {
        string[] ids = ["2405.15223", "2405.14908"];
        var users = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => app.ApiUserAsync()));
        // Each user: up, down, up on both papers (6 calls = the budget), all users at once.
        await Task.WhenAll(users.Select(async u =>
        {
            var api = Api(u.Token);
            foreach (var method in new[] { HttpMethod.Post, HttpMethod.Delete, HttpMethod.Post })
                await Task.WhenAll(ids.Select(async id => Assert.Equal(HttpStatusCode.OK, (await SendAsync(api, method, id)).Status)));
        }));
        foreach (var id in ids)
        {
            var (votes, upvotes, hf) = await app.CountsAsync(id);
            Assert.Equal((12L, hf + 12), (votes, upvotes));
        }
    }

    [GeneratedRegex("<h2 class=\"card-title\"><a href=\"/papers/([^\"]+)\"")]
    private static partial Regex CardId();

    [Fact]
    public async Task Trending_page_and_sort_trending_list_papers_in_stored_hotness_order()
    {
        var store = app.Service<PaperStore>();
        // A vote moves a paper's stored score at once.
        var (_, token) = await app.ApiUserAsync();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Api(token), HttpMethod.Post, "2608.19758")).Status);

        var html = await (await app.App.Client().GetAsync("/papers/trending")).Content.ReadAsStringAsync();
        var ids = CardId().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(17, ids.Count); // the fixture's newest day, 2026-08-21, and nothing older than a week before it
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var hot = new List<double>();
        foreach (var id in ids) hot.Add((await store.GetAsync(id))!.Hotness);
        Assert.Equal(hot.OrderByDescending(h => h), hot);
        Assert.Equal("2608.19880", ids[0]); // 163 upvotes

        var json = await (await app.App.Client().GetAsync("/api/daily_papers?date=2026-08-21&sort=trending&limit=50")).Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(json);
        var apiIds = doc.RootElement.EnumerateArray().Select(e => e.GetProperty("paper").GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids, apiIds);

        Assert.Equal(HttpStatusCode.BadRequest, (await app.App.Client().GetAsync("/papers/trending?page=x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.App.Client().GetAsync("/papers/trending?page=9")).StatusCode);
    }
}
