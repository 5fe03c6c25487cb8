using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DailyPapers.Community;
using DailyPapers.Papers;
using DailyPapers.Storage;
using Dapper;

namespace DailyPapers.Web.Tests.Submissions;

/// <summary>POST /api/papers/submit: every rule, duplicates, concurrency, organisations, arXiv answers and failures.</summary>
public sealed class SubmitApiTests(SubmitApp app) : IClassFixture<SubmitApp>
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient api, object body)
    {
        var response = await api.PostAsJsonAsync("/api/papers/submit", body);
        ApiContentType.Assert(response);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> SubmitAsync(string token, string paper, string? org = null, string? comment = null, string[]? media = null) =>
        await PostAsync(app.Api(token), new { arxiv_id = paper, organization = org, comment, media_urls = media });

    private async Task<(long Papers, long Entries)> StoredAsync(string id)
    {
        await using var c = await app.Service<Database>().OpenAsync();
        return await c.QuerySingleAsync<(long, long)>("""
            SELECT (SELECT COUNT(*) FROM papers WHERE arxiv_id = @id),
                   (SELECT COUNT(*) FROM daily_entries e JOIN papers p ON p.id = e.paper_id WHERE p.arxiv_id = @id)
            """, new { id });
    }

    private static string Error(JsonElement body) => body.GetProperty("error").GetString()!;

    [Fact]
    public async Task A_new_paper_is_fetched_from_arxiv_stored_and_featured_today_with_the_HF_json_answer()
    {
        app.Clock.Now = SubmitApp.Wednesday;
        var (userId, handle, token) = await app.UserAsync();
        var id = SubmitApp.NewId();
        var (status, body) = await SubmitAsync(token, $"https://arxiv.org/pdf/{id}v2.pdf", org: "GOOGLE", comment: "Worth a read <b>now</b>",
            media: ["https://example.org/demo.mp4"]);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(id, body.GetProperty("id").GetString());
        Assert.Equal("Defining Data Science", body.GetProperty("title").GetString());
        Assert.Equal(handle, body.GetProperty("submittedOnDailyBy").GetProperty("user").GetString());
        Assert.Equal("google", body.GetProperty("organization").GetProperty("name").GetString());
        Assert.Equal("https://example.org/demo.mp4", body.GetProperty("mediaUrls")[0].GetString());
        Assert.Equal(1, app.Arxiv.TimesAsked(id));

        await using var c = await app.Service<Database>().OpenAsync();
        var row = await c.QuerySingleAsync<(string FeedDate, string Source, long SubmittedBy, string? Org, string? Comment, string? FirstFeatured, double Hotness, long Changes)>("""
            SELECT e.feed_date, e.source, e.submitted_by, o.name, e.comment, p.first_featured_at, p.hotness,
                   (SELECT COUNT(*) FROM paper_changes ch WHERE ch.paper_id = p.id)
            FROM daily_entries e JOIN papers p ON p.id = e.paper_id LEFT JOIN organizations o ON o.id = e.organization_id
            WHERE p.arxiv_id = @id
            """, new { id });
        Assert.Equal(("2026-09-02", "submitted", userId, "google", "Worth a read <b>now</b>"), (row.FeedDate, row.Source, row.SubmittedBy, row.Org, row.Comment));
        Assert.Equal("2026-09-02T10:00:00.000Z", row.FirstFeatured);
        Assert.True(row.Hotness > 0);
        Assert.True(row.Changes >= 2); // stored, then featured: the search index follower sees both

        // On the feed of that day, through the read API.
        var daily = await app.Client().GetStringAsync("/api/daily_papers?date=2026-09-02");
        Assert.Contains($"\"id\":\"{id}\"", daily);
    }

    [Fact]
    public async Task A_paper_already_stored_is_featured_without_asking_arxiv()
    {
        app.Clock.Now = SubmitApp.Wednesday;
        var id = SubmitApp.NewId();
        await app.Service<PaperStore>().ImportBatchAsync([new ImportRecord(new Paper
        {
            ArxivId = id, Title = "Stored before", Abstract = "Harvested from arXiv, never featured.", PublishedAt = SubmitApp.Wednesday.AddDays(-3),
        })]);
        var (_, _, token) = await app.UserAsync();
        var (status, body) = await SubmitAsync(token, "arXiv:" + id);
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("Stored before", body.GetProperty("title").GetString());
        Assert.Equal(0, app.Arxiv.TimesAsked(id));
        Assert.Equal((1L, 1L), await StoredAsync(id));
    }

    [Fact]
    public async Task Duplicates_get_409_with_the_link_to_the_existing_entry()
    {
        app.Clock.Now = SubmitApp.Wednesday;
        var (_, _, token) = await app.UserAsync();
        // Featured by the HF data on 2024-05-27.
        var (status, body) = await SubmitAsync(token, "2405.15682");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("already on the daily feed of 2024-05-27", Error(body));
        Assert.Equal("http://localhost/papers/2405.15682", body.GetProperty("url").GetString());
        Assert.Equal("2024-05-27", body.GetProperty("feed_date").GetString());

        var id = SubmitApp.NewId();
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(token, id)).Status);
        var (_, _, other) = await app.UserAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await SubmitAsync(other, id + "v3")).Status);
        Assert.Equal((1L, 1L), await StoredAsync(id));
    }

    [Fact]
    public async Task Two_users_submitting_one_paper_at_once_give_exactly_one_feature()
    {
        app.Clock.Now = SubmitApp.Wednesday;
        for (var round = 0; round < 4; round++)
        {
            var id = SubmitApp.NewId();
            var users = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => app.UserAsync()));
            var results = await Task.WhenAll(users.Select(u => SubmitAsync(u.Token, id)));
            Assert.Single(results, r => r.Status == HttpStatusCode.Created);
            Assert.All(results.Where(r => r.Status != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
            Assert.Equal((1L, 1L), await StoredAsync(id));
        }
    }

    [Fact]
    public async Task Papers_older_than_the_maximum_age_are_refused_and_nothing_is_written()
    {
        app.Clock.Now = SubmitApp.Wednesday;
        var (_, _, token) = await app.UserAsync();
        var old = SubmitApp.NewId();
        app.Arxiv.Published[old] = SubmitApp.Wednesday.AddDays(-15);
        var (status, body) = await SubmitAsync(token, old);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("last 14 days", Error(body));
        Assert.Equal((0L, 0L), await StoredAsync(old));

        var recent = SubmitApp.NewId();
        app.Arxiv.Published[recent] = SubmitApp.Wednesday.AddDays(-13);
        Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(token, recent)).Status);
    }

    [Fact]
    public async Task Weekend_submissions_are_refused_except_for_moderators()
    {
        app.Clock.Now = SubmitApp.Wednesday.AddDays(3); // Saturday 2026-09-05
        try
        {
            var (_, _, token) = await app.UserAsync();
            var id = SubmitApp.NewId();
            var (status, body) = await SubmitAsync(token, id);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Contains("closed at weekends", Error(body));
            Assert.Equal(0, app.Arxiv.TimesAsked(id)); // refused before asking arXiv
            var (_, _, moderator) = await app.UserAsync(Role.Moderator);
            Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(moderator, id)).Status);
        }
        finally { app.Clock.Now = SubmitApp.Wednesday; }
    }

    [Fact]
    public async Task The_daily_quota_counts_todays_submissions_and_resets_the_next_day()
    {
        app.Clock.Now = SubmitApp.Wednesday;
        var (_, _, token) = await app.UserAsync();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(token, SubmitApp.NewId())).Status);
        var (status, body) = await SubmitAsync(token, SubmitApp.NewId());
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("limit of 3", Error(body));
        app.Clock.Now = SubmitApp.Wednesday.AddDays(1);
        try { Assert.Equal(HttpStatusCode.Created, (await SubmitAsync(token, SubmitApp.NewId())).Status); }
        finally { app.Clock.Now = SubmitApp.Wednesday; }
    }

    [Fact]
    public async Task Unconfirmed_accounts_may_not_submit()
    {
        // Sign-in and API tokens already need a confirmed address; the rule still holds for a session whose
        // address lost its confirmation (an operator reset it), so the check is made at submission time.
        app.Clock.Now = SubmitApp.Wednesday;
        var (client, userId, _) = await app.SignedInAsync();
        await using (var c = await app.Service<Database>().OpenAsync())
            await c.ExecuteAsync("UPDATE users SET email_confirmed_at = NULL WHERE id = @userId", new { userId });
        var id = SubmitApp.NewId();
        var refused = await DailyPapers.Web.Tests.Accounts.AccountsApp.PostFormAsync(client, "/papers/submit", new Dictionary<string, string> { ["Paper"] = id });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("Confirm your email", await refused.Content.ReadAsStringAsync());
        Assert.Equal((0L, 0L), await StoredAsync(id));
    }

    [Fact]
    public async Task Unknown_organisations_and_bad_fields_get_400_and_write_nothing()
    {
        app.Clock.Now = SubmitApp.Wednesday;
        var (_, _, token) = await app.UserAsync();
        var id = SubmitApp.NewId();
        var (status, body) = await SubmitAsync(token, id, org: "no-such-lab");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("no organisation \"no-such-lab\"", Error(body));
        Assert.Equal(HttpStatusCode.BadRequest, (await SubmitAsync(token, "not an id")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SubmitAsync(token, id, comment: new string('x', 1001))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SubmitAsync(token, id, media: ["javascript:alert(1)"])).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SubmitAsync(token, id, media: ["https://a.org/1", "https://a.org/2", "https://a.org/3", "https://a.org/4", "https://a.org/5"])).Status);
        var (notJson, _) = await PostAsync(app.Api(token), "just a string");
        Assert.Equal(HttpStatusCode.BadRequest, notJson);
        Assert.Equal((0L, 0L), await StoredAsync(id));
        Assert.Equal(0, app.Arxiv.TimesAsked(id));
    }

    [Fact]
    public async Task Ids_arxiv_does_not_know_get_404_and_a_failing_arxiv_502_with_nothing_written()
    {
        app.Clock.Now = SubmitApp.Wednesday;
        var (_, _, token) = await app.UserAsync();
        foreach (var unknown in new[] { ArxivStub.UnknownId, ArxivStub.ErrorId })
        {
            var (status, body) = await SubmitAsync(token, unknown);
            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Equal($"arXiv has no paper {unknown}.", Error(body));
        }
        var failing = SubmitApp.NewId();
        app.Arxiv.Failing[failing] = true;
        var (down, downBody) = await SubmitAsync(token, failing);
        Assert.Equal(HttpStatusCode.BadGateway, down);
        Assert.Contains("arXiv did not answer", Error(downBody));
        Assert.Equal((0L, 0L), await StoredAsync(failing));
    }

    [Fact]
    public async Task Anonymous_and_cookie_only_calls_get_401_json()
    {
        var none = await app.Client().PostAsJsonAsync("/api/papers/submit", new { arxiv_id = "2609.00001" });
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("\"error\":", await none.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Api("dp_not_a_real_token").PostAsJsonAsync("/api/papers/submit", new { arxiv_id = "2609.00001" })).StatusCode);
        var (cookie, _, _) = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await cookie.PostAsJsonAsync("/api/papers/submit", new { arxiv_id = "2609.00001" })).StatusCode);
    }

    [Fact]
    public async Task Submissions_beyond_the_per_account_limit_get_429_on_the_api()
    {
        var (_, _, token) = await app.UserAsync();
        for (var i = 0; i < SubmitApp.RatePerWindow; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await SubmitAsync(token, "bad id " + i)).Status);
        var (status, body) = await SubmitAsync(token, SubmitApp.NewId());
        Assert.Equal(HttpStatusCode.TooManyRequests, (HttpStatusCode)status);
        Assert.Contains("Too many submissions", Error(body));
        // Another account has its own budget.
        var (_, _, other) = await app.UserAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await SubmitAsync(other, "bad id")).Status);
    }
}
