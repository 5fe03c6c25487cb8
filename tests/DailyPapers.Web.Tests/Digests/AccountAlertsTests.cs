using System.Net;
using DailyPapers.Digests;
using DailyPapers.Papers;
using DailyPapers.Storage;
using static DailyPapers.Web.Tests.Digests.AlertsApp;

namespace DailyPapers.Web.Tests.Digests;

/// <summary>/account/digest and the alert forms on search and paper pages, signed in through the real account pages.</summary>
public sealed class AccountAlertsTests(AlertsApp app) : IClassFixture<AlertsApp>
{
    private static long AddedId(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var location = r.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/digest?added=", location, StringComparison.Ordinal);
        return long.Parse(location["/account/digest?added=".Length..location.IndexOf('#', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<PaperView> FeaturedPaperWithAuthorsAsync() =>
        (await app.Service<PaperStore>().GetFeedAsync(new(new DateOnly(2024, 9, 21), new DateOnly(2024, 9, 23)) { Limit = 50 }))
            .Items.Select(i => i.Paper).First(p => p.Paper.Authors.Any(a => !a.Hidden));

    [Fact]
    public async Task Anonymous_readers_are_sent_to_sign_in_and_see_no_alert_forms()
    {
        var client = app.Accounts.Client();
        var r = await client.GetAsync("/account/digest");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/account/signin", r.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        var search = await client.GetStringAsync("/papers?q=diffusion");
        Assert.DoesNotContain("handler=SaveSearch", search);
        Assert.Contains("to get new papers for this search by email", search);
        var paper = await FeaturedPaperWithAuthorsAsync();
        var page = await client.GetStringAsync("/papers/" + paper.Paper.ArxivId);
        Assert.DoesNotContain("handler=AddAlert", page);
        Assert.Contains("Sign in</a> to get an email", page);
    }

    [Fact]
    public async Task Subscribing_from_settings_links_the_confirmed_account_address()
    {
        var (client, email, userId) = await app.SignedInUserAsync();
        var settings = await client.GetStringAsync("/account/settings");
        Assert.Contains("href=\"/account/digest\"", settings);
        Assert.Contains("You are not subscribed", await client.GetStringAsync("/account/digest"));

        var r = await PostDigestAsync(client, "Subscribe", ("Cadence", "weekly"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains($"Subscribed: a weekly digest will come to {email}", await r.Content.ReadAsStringAsync());
        var s = (await app.Service<DigestStore>().FindAsync(email))!;
        Assert.Equal(("confirmed", "weekly", (long?)userId), (s.Status, s.Cadence, s.UserId));
        Assert.Equal(0, app.Accounts.MailsTo(email, "Confirm your DailyPapers subscription")); // no double opt-in for a confirmed account

        r = await PostDigestAsync(client, "Subscribe", ("Cadence", "daily"));
        Assert.Contains($"Your digest now comes daily to {email}", await r.Content.ReadAsStringAsync());
        Assert.Equal("daily", (await app.Service<DigestStore>().FindAsync(email))!.Cadence);

        r = await PostDigestAsync(client, "Subscribe", ("Cadence", "hourly"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("Choose daily or weekly.", await r.Content.ReadAsStringAsync());

        r = await PostDigestAsync(client, "Unsubscribe");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Unsubscribed", await r.Content.ReadAsStringAsync());
        Assert.Equal("unsubscribed", (await app.Service<DigestStore>().FindAsync(email))!.Status);
        r = await PostDigestAsync(client, "Unsubscribe");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("You are not subscribed.", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Alerts_are_added_from_three_places_listed_moved_and_deleted_only_by_their_owner()
    {
        var (client, _, userId) = await app.SignedInUserAsync();
        var store = app.Service<DigestStore>();
        var paper = await FeaturedPaperWithAuthorsAsync();
        var author = paper.Paper.Authors.First(a => !a.Hidden).Name;

        var orgId = AddedId(await PostDigestAsync(client, "AddAlert", ("Kind", "organization"), ("Value", "  google "), ("Delivery", "digest")));
        var paperPage = await client.GetStringAsync("/papers/" + paper.Paper.ArxivId);
        Assert.Contains("action=\"/account/digest?handler=AddAlert\"", paperPage);
        var authorId = AddedId(await PostFromAsync(client, "/papers/" + paper.Paper.ArxivId, "/account/digest?handler=AddAlert", ("Kind", "author"), ("Value", author)));
        var searchPage = await client.GetStringAsync("/papers?q=diffusion&has_code=yes&feed_from=2024-09-01");
        Assert.Contains("action=\"/account/digest?handler=SaveSearch\"", searchPage);
        var searchId = AddedId(await PostFromAsync(client, "/papers?q=diffusion", "/account/digest?handler=SaveSearch",
            ("q", "diffusion"), ("has_code", "yes"), ("Delivery", "own")));

        var alerts = await store.AlertsOfAsync(userId);
        Assert.Equal([orgId, authorId, searchId], alerts.Select(a => a.Id));
        Assert.Equal((AlertKind.Organization, "google", AlertDelivery.Digest), (alerts[0].Kind, alerts[0].Value, alerts[0].Delivery));
        Assert.Equal((AlertKind.Author, author, AlertDelivery.Digest), (alerts[1].Kind, alerts[1].Value, alerts[1].Delivery));
        var saved = AlertQuery.Parse(alerts[2].Value);
        Assert.Equal(("diffusion", (bool?)true, (DateOnly?)null, AlertDelivery.Own), (saved.Text, saved.HasCode, saved.FeedFrom, alerts[2].Delivery));

        var list = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/account/digest?added={searchId}"));
        Assert.Contains("Alert added: search \u201cdiffusion\u201d with code, as its own mail.", list);
        Assert.Contains("<strong>google</strong>", list);
        Assert.Contains($"<strong>{author}</strong>", list);
        Assert.Contains("Own mail", list);
        Assert.Contains("In the digest", list);
        // The same alert twice is not stored twice.
        var again = await PostDigestAsync(client, "AddAlert", ("Kind", "organization"), ("Value", "Google"));
        Assert.Equal("/account/digest?done=exists#alerts", again.Headers.Location!.OriginalString);
        Assert.Equal(3, (await store.AlertsOfAsync(userId)).Count);

        // Another user cannot touch them: 404, as for an id that does not exist.
        var (other, _, _) = await app.SignedInUserAsync();
        var r = await PostDigestAsync(other, "DeleteAlert", ("AlertId", orgId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Contains("No such alert", await r.Content.ReadAsStringAsync());
        r = await PostDigestAsync(other, "Delivery", ("AlertId", orgId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Delivery", "own"));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal(3, (await store.AlertsOfAsync(userId)).Count);
        Assert.Equal(AlertDelivery.Digest, (await store.AlertsOfAsync(userId))[0].Delivery);

        r = await PostDigestAsync(client, "Delivery", ("AlertId", orgId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Delivery", "own"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Papers from google: now as its own mail.", await r.Content.ReadAsStringAsync());
        r = await PostDigestAsync(client, "DeleteAlert", ("AlertId", orgId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("Alert deleted: papers from google.", await r.Content.ReadAsStringAsync());
        Assert.Equal([authorId, searchId], (await store.AlertsOfAsync(userId)).Select(a => a.Id));
        r = await PostDigestAsync(client, "DeleteAlert", ("AlertId", orgId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Theory]
    [InlineData("AddAlert", "Kind=organization&Value=", "Type the organisation")]
    [InlineData("AddAlert", "Kind=author&Value=+++", "Type the author")]
    [InlineData("AddAlert", "Kind=venue&Value=NeurIPS", "Choose what to follow")]
    [InlineData("AddAlert", "Kind=author&Value=Ada&Delivery=pigeon", "Choose \"in the digest\"")]
    [InlineData("SaveSearch", "q=&Delivery=digest", "There is nothing to save")]
    [InlineData("SaveSearch", "q=llm&published_from=2024-13-01", "This search cannot be saved")]
    [InlineData("SaveSearch", "q=llm&has_code=maybe", "This search cannot be saved")]
    [InlineData("DeleteAlert", "AlertId=abc", "No such alert")]
    [InlineData("Delivery", "AlertId=1&Delivery=fax", "Choose")]
    public async Task Bad_input_gets_a_clear_message_and_stores_nothing(string handler, string query, string message)
    {
        var (client, _, userId) = await app.SignedInUserAsync();
        var fields = query.Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], Uri.UnescapeDataString(p[1].Replace('+', ' ')))).ToArray();
        var r = await PostDigestAsync(client, handler, fields);
        Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{handler} {query}: {r.StatusCode}");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(message), await r.Content.ReadAsStringAsync());
        Assert.Empty(await app.Service<DigestStore>().AlertsOfAsync(userId));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var (client, email, userId) = await app.SignedInUserAsync();
        var r = await client.PostAsync("/account/digest?handler=AddAlert", new FormUrlEncodedContent([KeyValuePair.Create("Kind", "author"), KeyValuePair.Create("Value", "Ada Lovelace")]));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        r = await client.PostAsync("/account/digest?handler=Subscribe", new FormUrlEncodedContent([KeyValuePair.Create("Cadence", "daily")]));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Empty(await app.Service<DigestStore>().AlertsOfAsync(userId));
        Assert.Null(await app.Service<DigestStore>().FindAsync(email));
    }
}
