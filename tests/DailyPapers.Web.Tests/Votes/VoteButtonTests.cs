using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using DailyPapers.Storage;

namespace DailyPapers.Web.Tests.Votes;

/// <summary>The upvote button on the paper page and feed cards: form posts, script requests, anonymous visitors.</summary>
public sealed class VoteButtonTests(VotesApp app) : IClassFixture<VotesApp>
{
    private static FormUrlEncodedContent Form(VotesApp.Button b, bool withToken = true, bool withUp = true)
    {
        var f = new Dictionary<string, string> { ["returnUrl"] = b.ReturnUrl! };
        if (withToken) f["__RequestVerificationToken"] = b.Token!;
        if (withUp && b.Up is not null) f["up"] = b.Up;
        return new FormUrlEncodedContent(f);
    }

    private static async Task<VotesApp.Button> ButtonAsync(HttpClient client, string page, string arxivId)
    {
        var response = await client.GetAsync(page);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return VotesApp.FindButton(await response.Content.ReadAsStringAsync(), arxivId) ?? throw new Xunit.Sdk.XunitException($"no vote button for {arxivId} on {page}");
    }

    [Fact]
    public async Task The_paper_page_button_toggles_without_javascript_and_shows_the_voter_the_new_state()
    {
        const string Id = "2405.15738";
        var (client, _) = await app.SignedInAsync();
        var page = "/papers/" + Id;
        var before = await ButtonAsync(client, page, Id);
        Assert.Equal(("post", false, "true"), (before.Method, before.Pressed, before.Up));
        Assert.NotNull(before.Token);
        var hf0 = before.Count;

        var pressed = await client.PostAsync(before.Action, Form(before));
        Assert.Equal(HttpStatusCode.Redirect, pressed.StatusCode);
        Assert.Equal(page, pressed.Headers.Location!.OriginalString);
        var after = await ButtonAsync(client, page, Id);
        Assert.Equal((true, hf0 + 1, "false"), (after.Pressed, after.Count, after.Up)); // at once: signed-in pages skip the cache

        // Pressing the same (stale) form twice lands on one state, not a toggle back.
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync(before.Action, Form(before))).StatusCode);
        Assert.Equal(hf0 + 1, (await ButtonAsync(client, page, Id)).Count);

        var undone = await client.PostAsync(after.Action, Form(after));
        Assert.Equal(HttpStatusCode.Redirect, undone.StatusCode);
        var last = await ButtonAsync(client, page, Id);
        Assert.Equal((false, hf0), (last.Pressed, last.Count));

        // Without "up" the button toggles.
        await client.PostAsync(last.Action, Form(last, withUp: false));
        var (votes, upvotes, hf) = await app.CountsAsync(Id);
        Assert.Equal((1L, hf + 1), (votes, upvotes));
        Assert.True((await ButtonAsync(client, page, Id)).Pressed);
    }

    [Fact]
    public async Task The_script_gets_json_and_feed_cards_show_the_pressed_state()
    {
        const string Id = "2506.11924";
        const string Feed = "/papers/date/2025-06-16";
        var anonymous = await ButtonAsync(app.App.Client(), Feed, Id); // now in the anonymous output cache
        var (client, _) = await app.SignedInAsync();
        var card = await ButtonAsync(client, Feed, Id);
        Assert.Equal((false, anonymous.Count), (card.Pressed, card.Count));

        var request = new HttpRequestMessage(HttpMethod.Post, card.Action) { Content = Form(card) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(card.Count + 1, doc.RootElement.GetProperty("upvotes").GetInt32());
        Assert.True(doc.RootElement.GetProperty("upvoted").GetBoolean());

        var again = await ButtonAsync(client, Feed, Id);
        Assert.Equal((true, card.Count + 1), (again.Pressed, again.Count));
        // Another signed-in user sees the new count but not pressed.
        var (other, _) = await app.SignedInAsync();
        var theirs = await ButtonAsync(other, Feed, Id);
        Assert.Equal((false, card.Count + 1), (theirs.Pressed, theirs.Count));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_changes_nothing()
    {
        const string Id = "2405.15574";
        var (client, userId) = await app.SignedInAsync();
        var button = await ButtonAsync(client, "/papers/" + Id, Id);
        var response = await client.PostAsync(button.Action, Form(button, withToken: false));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var paper = (await app.Service<PaperStore>().GetAsync(Id))!;
        Assert.False(await app.Service<VoteStore>().HasVotedAsync(userId, paper.Id));
        Assert.Equal(button.Count, paper.Upvotes);
    }

    [Fact]
    public async Task Anonymous_visitors_get_a_cacheable_page_whose_button_leads_to_sign_in_and_back()
    {
        const string Id = "2405.15071";
        var client = app.App.Client();
        var response = await client.GetAsync("/papers/" + Id);
        var html = await response.Content.ReadAsStringAsync();
        Assert.False(response.Headers.Contains("Set-Cookie"), "an anonymous page must not set cookies (it could not be cached)");
        Assert.DoesNotContain("__RequestVerificationToken", FormOf(html, Id));
        var button = VotesApp.FindButton(html, Id)!;
        Assert.Equal(("get", "/account/signin", "/papers/" + Id, false), (button.Method, button.Action, button.ReturnUrl, button.Pressed));
        Assert.Contains("aria-label=\"Upvote (", html);

        // A post from an old page or a script without a session: to sign-in, coming back to the page afterwards.
        var post = await client.PostAsync($"/papers/{Id}/upvote", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "/papers/date/2024-05-27" }));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/account/signin?returnUrl=%2Fpapers%2Fdate%2F2024-05-27", post.Headers.Location!.OriginalString);
        var foreign = await client.PostAsync($"/papers/{Id}/upvote", new FormUrlEncodedContent(new Dictionary<string, string> { ["returnUrl"] = "//evil.example/x" }));
        Assert.Equal("/account/signin?returnUrl=%2Fpapers%2F" + Id, foreign.Headers.Location!.OriginalString);

        var json = new HttpRequestMessage(HttpMethod.Post, $"/papers/{Id}/upvote");
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var unauthorized = await client.SendAsync(json);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.StartsWith("/account/signin?returnUrl=", unauthorized.Headers.Location!.OriginalString);
        Assert.Equal(0L, (await app.CountsAsync(Id)).Votes);
    }

    private static string FormOf(string html, string id)
    {
        var at = html.IndexOf($"data-paper=\"{id}\"", StringComparison.Ordinal);
        return at < 0 ? "" : html[at..html.IndexOf("</form>", at, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_refused_on_the_form_endpoint()
    {
        var (client, _) = await app.SignedInAsync();
        var button = await ButtonAsync(client, "/papers/2405.15032", "2405.15032");
        var unknown = await client.PostAsync("/papers/2405.99999/upvote", Form(button));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("</html>", await unknown.Content.ReadAsStringAsync()); // the site's status page, not an empty body
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/papers/not-a-paper/upvote", Form(button))).StatusCode);
    }
}
