using System.Net;
using DailyPapers.Web.Tests.Votes;

namespace DailyPapers.Web.Tests.Issue10;

/// <summary>Issue 10, point 9: form posts of a signed-in user with NUL in a field or control characters in returnUrl.</summary>
public sealed class Issue10EdgeFormTests(VotesApp app) : IClassFixture<VotesApp>
{
    private static async Task<VotesApp.Button> ButtonAsync(HttpClient client, string arxivId)
    {
        var html = await (await client.GetAsync("/papers/" + arxivId)).Content.ReadAsStringAsync();
        return VotesApp.FindButton(html, arxivId) ?? throw new Xunit.Sdk.XunitException($"no vote button for {arxivId}");
    }

    private static FormUrlEncodedContent Form(VotesApp.Button b, string up, string returnUrl) => new(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = b.Token!, ["up"] = up, ["returnUrl"] = returnUrl,
    });

    [Fact]
    public async Task A_nul_in_a_vote_form_field_is_a_400_that_changes_nothing()
    {
        const string Id = "2405.15738";
        var (client, _) = await app.SignedInAsync();
        var button = await ButtonAsync(client, Id);
        var before = await app.CountsAsync(Id);
        var r = await client.PostAsync(button.Action, Form(button, "\0", "/papers/" + Id));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("</html>", await r.Content.ReadAsStringAsync()); // the site's status page
        Assert.Equal(before, await app.CountsAsync(Id));
    }

    [Theory]
    [InlineData("/\tevil.example/x")]
    [InlineData("/\nevil.example")]
    [InlineData("/papers\r\nSet-Cookie: x=1")]
    [InlineData("/\\evil.example")]
    public async Task A_return_url_with_control_characters_falls_back_to_the_paper(string returnUrl)
    {
        const string Id = "2405.15071";
        var (client, _) = await app.SignedInAsync();
        var button = await ButtonAsync(client, Id);
        var r = await client.PostAsync(button.Action, Form(button, "true", returnUrl));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal("/papers/" + Id, r.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_nul_in_a_sign_in_form_is_a_400_page()
    {
        var r = await Accounts.AccountsApp.PostFormAsync(app.App.Client(), "/account/signin",
            new Dictionary<string, string> { ["Email"] = "a\0@example.org", ["Password"] = "x\0y" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("</html>", await r.Content.ReadAsStringAsync());
    }
}
