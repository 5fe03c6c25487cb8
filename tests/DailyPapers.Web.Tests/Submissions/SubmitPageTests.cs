using System.Net;
using System.Net.Http.Json;
using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Dapper;

namespace DailyPapers.Web.Tests.Submissions;

/// <summary>/papers/submit: the form, its answers, the paper page afterwards, sign-in and CSRF, the limit.</summary>
public sealed class SubmitPageTests(SubmitApp app) : IClassFixture<SubmitApp>
{
    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string paper, string? org = null, string? comment = null, string? media = null) =>
        AccountsApp.PostFormAsync(client, "/papers/submit", new Dictionary<string, string>
        {
            ["Paper"] = paper, ["Organization"] = org ?? "", ["Comment"] = comment ?? "", ["MediaUrls"] = media ?? "",
        });

    [Fact]
    public async Task The_form_lists_the_rules_and_a_submission_lands_on_the_paper_page_with_the_note()
    {
        app.Clock.Now = SubmitApp.Wednesday;
        var (client, _, handle) = await app.SignedInAsync();
        var page = await client.GetAsync("/papers/submit");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("Anyone with a confirmed email address can submit.", html);
        Assert.Contains("in the last 14 days", html);
        Assert.Contains("closed on Saturdays and Sundays", html);
        Assert.Contains("You can submit 3 papers a day (UTC); you have submitted 0 today.", html);
        Assert.Contains("<option value=\"google\">Google</option>", html);
        Assert.Contains("href=\"/papers/submit\"", html); // the user menu link

        var id = SubmitApp.NewId();
        var posted = await PostAsync(client, $"https://arxiv.org/abs/{id}", org: "google", comment: "Read <script>this</script>\nsecond line",
            media: "https://example.org/video\n\nhttps://example.org/figure.png");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal($"/papers/{id}?submitted=1", posted.Headers.Location!.OriginalString);

        var paper = await (await client.GetAsync(posted.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("The paper is on today's feed.", paper);
        Assert.Contains($"<span>@{handle}</span>", paper);
        Assert.Contains("for <strong>Google</strong>", paper);
        Assert.Contains("Read &lt;script&gt;this&lt;/script&gt;&#xA;second line", paper);
        Assert.DoesNotContain("<script>this", paper);
        Assert.Contains("href=\"https://example.org/figure.png\"", paper);

        // Others see the note but not the thank-you.
        var anonymous = await (await app.Client().GetAsync(posted.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains($"<span>@{handle}</span>", anonymous);
        Assert.DoesNotContain("The paper is on today", anonymous);
        Assert.Contains("you have submitted 1 today", await client.GetStringAsync("/papers/submit"));
    }

    [Fact]
    public async Task Refusals_show_on_the_form_with_their_status_and_duplicates_link_to_the_paper()
    {
        app.Clock.Now = SubmitApp.Wednesday;
        var (client, _, _) = await app.SignedInAsync();
        var duplicate = await PostAsync(client, "2405.15682");
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var html = await duplicate.Content.ReadAsStringAsync();
        Assert.Contains("already on the daily feed of 2024-05-27", html);
        Assert.Contains("<a href=\"/papers/2405.15682\">See the paper</a>", html);

        var bad = await PostAsync(client, "2405.1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("value=\"2405.1\"", await bad.Content.ReadAsStringAsync()); // the input is kept

        var unknown = await PostAsync(client, ArxivStub.UnknownId);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("arXiv has no paper 2401.99999.", await unknown.Content.ReadAsStringAsync());

        var orgless = await PostAsync(client, SubmitApp.NewId(), org: "nobody-lab");
        Assert.Equal(HttpStatusCode.BadRequest, orgless.StatusCode);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_sign_in_and_posts_without_the_form_token_are_refused()
    {
        var anonymous = await app.Client().GetAsync("/papers/submit");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/signin", anonymous.Headers.Location!.PathAndQuery);
        var anonymousPost = await app.Client().PostAsync("/papers/submit", new FormUrlEncodedContent(new Dictionary<string, string> { ["Paper"] = "2609.00001" }));
        Assert.Equal(HttpStatusCode.Redirect, anonymousPost.StatusCode);
        Assert.StartsWith("/account/signin", anonymousPost.Headers.Location!.PathAndQuery);

        var (client, _, _) = await app.SignedInAsync();
        var id = SubmitApp.NewId();
        var forged = await client.PostAsync("/papers/submit", new FormUrlEncodedContent(new Dictionary<string, string> { ["Paper"] = id }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, app.Arxiv.TimesAsked(id));
    }

    [Fact]
    public async Task Form_posts_beyond_the_per_account_limit_get_429()
    {
        var (client, _, _) = await app.SignedInAsync();
        for (var i = 0; i < SubmitApp.RatePerWindow; i++)
            Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(client, "nonsense")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostAsync(client, SubmitApp.NewId())).StatusCode);
    }
}

/// <summary>An app where only verified authors may submit.</summary>
public sealed class ClaimedAuthorsApp : SubmitApp
{
    public ClaimedAuthorsApp() => Settings["DailyPapers:Submissions:WhoMaySubmit"] = "ClaimedAuthors";
}

/// <summary>An app where only moderators may submit, and arXiv cannot be reached (a closed port).</summary>
public sealed class ModeratorsOnlyApp : SubmitApp
{
    protected override bool Seed => false;
    public ModeratorsOnlyApp()
    {
        Settings["DailyPapers:Submissions:WhoMaySubmit"] = "Moderators";
        Settings["DailyPapers:Submissions:NoWeekendSubmissions"] = "false";
        Settings["DailyPapers:ArxivApiUrl"] = "http://127.0.0.1:1/api/query"; // nothing listens on port 1
    }
}

public sealed class ClaimedAuthorsPolicyTests(ClaimedAuthorsApp app) : IClassFixture<ClaimedAuthorsApp>
{
    [Fact]
    public async Task Only_users_with_a_verified_authorship_may_submit()
    {
        Assert.Equal(SubmitterPolicy.ClaimedAuthors, app.Service<SubmissionSettings>().WhoMaySubmit); // bound from configuration
        var (userId, _, token) = await app.UserAsync();
        var refused = await app.Api(token).PostAsJsonAsync("/api/papers/submit", new { paper = SubmitApp.NewId() });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("only verified authors", await refused.Content.ReadAsStringAsync());

        await using (var c = await app.Service<Database>().OpenAsync())
            await c.ExecuteAsync("""
                UPDATE paper_authors SET user_id = @userId, status = 'claimed_verified'
                WHERE paper_id = (SELECT id FROM papers WHERE arxiv_id = '2405.15682') AND position = 0
                """, new { userId });
        var accepted = await app.Api(token).PostAsJsonAsync("/api/papers/submit", new { paper = SubmitApp.NewId() });
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Contains("Only verified authors", await (await app.SignedInAsync()).Client.GetStringAsync("/papers/submit"));
    }
}

public sealed class ModeratorsOnlyPolicyTests(ModeratorsOnlyApp app) : IClassFixture<ModeratorsOnlyApp>
{
    [Fact]
    public async Task Only_moderators_may_submit_and_an_unreachable_arxiv_writes_nothing()
    {
        var (_, _, user) = await app.UserAsync();
        var id = SubmitApp.NewId();
        var refused = await app.Api(user).PostAsJsonAsync("/api/papers/submit", new { arxiv_id = id });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("only moderators", await refused.Content.ReadAsStringAsync());

        var (_, _, moderator) = await app.UserAsync(Role.Moderator);
        var down = await app.Api(moderator).PostAsJsonAsync("/api/papers/submit", new { arxiv_id = id });
        Assert.Equal(HttpStatusCode.BadGateway, down.StatusCode);
        Assert.Contains("arXiv did not answer", await down.Content.ReadAsStringAsync());
        await using var c = await app.Service<Database>().OpenAsync();
        Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM papers"));
        Assert.Equal(0L, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM daily_entries"));
    }
}
