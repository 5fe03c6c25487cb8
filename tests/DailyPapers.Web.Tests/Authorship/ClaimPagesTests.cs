using System.Net;
using DailyPapers.Community;
using DailyPapers.Storage;

namespace DailyPapers.Web.Tests.Authorship;

/// <summary>The claim workflow through the pages: claim, moderate, verified mark and profile, hide, withdraw, reject.</summary>
public sealed class ClaimPagesTests(AuthorshipApp app) : IClassFixture<AuthorshipApp>
{
    private static Dictionary<string, string> F(params (string K, string V)[] kv) => kv.ToDictionary(x => x.K, x => x.V);

    [Fact]
    public async Task A_claim_is_approved_in_the_queue_and_the_author_shows_verified_and_on_the_profile()
    {
        const string Id = "2506.11924";
        var page = "/papers/" + Id;
        var author = await app.SignedInAsync();
        var html = await AuthorshipApp.HtmlAsync(author.Client, page);
        Assert.Contains("Claim authorship", html);
        Assert.Contains("<label for=\"claim-position\">This is me</label>", html);

        var claimed = await AuthorshipApp.PostAsync(author.Client, page, "/authorship/claim", F(("paper", Id), ("position", "1")));
        Assert.Equal(HttpStatusCode.Redirect, claimed.StatusCode);
        Assert.Equal(page + "#authors", claimed.Headers.Location!.OriginalString);
        html = await AuthorshipApp.HtmlAsync(author.Client, page);
        Assert.Contains("awaits a moderator", html);
        Assert.Contains("claim pending", html);
        var name = (await app.Service<PaperStore>().GetAsync(Id))!.Paper.Authors[1].Name;

        var mod = await app.SignedInAsync(Role.Moderator);
        var queue = await AuthorshipApp.HtmlAsync(mod.Client, "/moderation/claims");
        Assert.Contains($"@{author.Handle}", queue);
        Assert.Contains("email at lab.example.org", queue);
        var claim = (await app.Service<ClaimStore>().ListForUserAsync(author.Id, 5)).Single();
        var approved = await AuthorshipApp.PostAsync(mod.Client, "/moderation/claims", "/moderation/claims?handler=Approve", F(("claim", claim.Id.ToString())));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        Assert.Contains("Claim approved", await AuthorshipApp.HtmlAsync(mod.Client, approved.Headers.Location!.OriginalString));
        // Deciding twice says so instead of failing.
        var twice = await AuthorshipApp.PostAsync(mod.Client, "/moderation/claims", "/moderation/claims?handler=Reject", F(("claim", claim.Id.ToString())));
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);

        html = await AuthorshipApp.HtmlAsync(author.Client, page);
        Assert.Matches($"<li class=\"author is-verified\">\\s*<a href=\"/users/{author.Handle}\"[^>]*>{name}</a>\\s*<svg class=\"icon verified\"", html);
        Assert.Contains("Hide from my profile", html);
        Assert.Contains($"href=\"/papers/{Id}\"", await AuthorshipApp.HtmlAsync(author.Client, "/users/" + author.Handle));
        Assert.Contains(">Verified<", await AuthorshipApp.HtmlAsync(author.Client, "/account/claims"));

        var hidden = await AuthorshipApp.PostAsync(author.Client, page, "/authorship/hide", F(("paper", Id), ("hidden", "true")));
        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        Assert.DoesNotContain($"href=\"/papers/{Id}\"", await AuthorshipApp.HtmlAsync(author.Client, "/users/" + author.Handle));
        Assert.Contains("Show on my profile", await AuthorshipApp.HtmlAsync(author.Client, page));
        // Still shown as a verified author on the paper: hiding is about the profile only.
        Assert.Contains($"<a href=\"/users/{author.Handle}\"", await AuthorshipApp.HtmlAsync(author.Client, page));

        // Someone else cannot claim the verified entry.
        var other = await app.SignedInAsync();
        var refused = await AuthorshipApp.PostAsync(other.Client, page, "/authorship/claim", F(("paper", Id), ("position", "1")));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("already verified", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_claim_can_be_withdrawn_and_a_rejection_reason_reaches_the_claimant()
    {
        const string Id = "2506.10892";
        var page = "/papers/" + Id;
        var user = await app.SignedInAsync();
        await AuthorshipApp.PostAsync(user.Client, page, "/authorship/claim", F(("paper", Id), ("position", "2")));
        var first = (await app.Service<ClaimStore>().ListForUserAsync(user.Id, 5)).Single();
        var withdrawn = await AuthorshipApp.PostAsync(user.Client, "/account/claims", "/authorship/withdraw", F(("claim", first.Id.ToString()), ("returnUrl", "/account/claims")));
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal("/account/claims", withdrawn.Headers.Location!.OriginalString);
        Assert.Contains(">Withdrawn<", await AuthorshipApp.HtmlAsync(user.Client, "/account/claims"));

        // Another user cannot withdraw someone's claim.
        await AuthorshipApp.PostAsync(user.Client, page, "/authorship/claim", F(("paper", Id), ("position", "2")));
        var second = (await app.Service<ClaimStore>().ListForUserAsync(user.Id, 5)).First(c => c.Status == ClaimStatus.Pending);
        var stranger = await app.SignedInAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await AuthorshipApp.PostAsync(stranger.Client, page, "/authorship/withdraw", F(("claim", second.Id.ToString())))).StatusCode);

        var mod = await app.SignedInAsync(Role.Admin);
        var rejected = await AuthorshipApp.PostAsync(mod.Client, "/moderation/claims", "/moderation/claims?handler=Reject",
            F(("claim", second.Id.ToString()), ("reason", "Please claim with your university address")));
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        var mine = await AuthorshipApp.HtmlAsync(user.Client, "/account/claims");
        Assert.Contains(">Rejected<", mine);
        Assert.Contains("Please claim with your university address", mine);
    }

    [Fact]
    public async Task Anonymous_and_token_less_posts_are_rejected_and_the_queue_is_for_moderators()
    {
        const string Id = "2506.11928";
        var anonymous = app.App.Client();
        var anon = await anonymous.PostAsync("/authorship/claim", new FormUrlEncodedContent(F(("paper", Id), ("position", "0"))));
        Assert.Equal(HttpStatusCode.Redirect, anon.StatusCode);
        Assert.StartsWith("/account/signin", anon.Headers.Location!.PathAndQuery);
        Assert.Contains("Sign in</a> to claim authorship", await AuthorshipApp.HtmlAsync(anonymous, "/papers/" + Id));

        var user = await app.SignedInAsync();
        var noToken = await AuthorshipApp.PostAsync(user.Client, null, "/authorship/claim", F(("paper", Id), ("position", "0")));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Empty(await app.Service<ClaimStore>().ListForUserAsync(user.Id, 5));

        var denied = await user.Client.GetAsync("/moderation/claims");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith("/account/denied", denied.Headers.Location!.PathAndQuery);
        var approve = await AuthorshipApp.PostAsync(user.Client, "/papers/" + Id, "/moderation/claims?handler=Approve", F(("claim", "1")));
        Assert.StartsWith("/account/denied", approve.Headers.Location!.PathAndQuery);
        Assert.StartsWith("/account/signin", (await anonymous.GetAsync("/moderation/claims")).Headers.Location!.PathAndQuery);

        // Bad input: unknown paper, not an id, author out of range.
        Assert.Equal(HttpStatusCode.NotFound, (await AuthorshipApp.PostAsync(user.Client, "/papers/" + Id, "/authorship/claim", F(("paper", "2101.99999"), ("position", "0")))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await AuthorshipApp.PostAsync(user.Client, "/papers/" + Id, "/authorship/claim", F(("paper", "nonsense"), ("position", "0")))).StatusCode);
        var range = await AuthorshipApp.PostAsync(user.Client, "/papers/" + Id, "/authorship/claim", F(("paper", Id), ("position", "999")));
        Assert.Equal(HttpStatusCode.BadRequest, range.StatusCode);
        Assert.Contains("Choose which author", await range.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Too_many_authorship_posts_get_429()
    {
        const string Id = "2506.09600";
        var user = await app.SignedInAsync();
        var token = await AuthorshipApp.TokenAsync(user.Client, "/papers/" + Id);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= AuthorshipApp.PostsPerWindow; i++)
            statuses.Add((await user.Client.PostAsync("/authorship/claim", new FormUrlEncodedContent(F(("paper", Id), ("position", "0"), ("__RequestVerificationToken", token))))).StatusCode);
        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(AuthorshipApp.PostsPerWindow));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        // Another account still has its own budget.
        var other = await app.SignedInAsync();
        var fine = await AuthorshipApp.PostAsync(other.Client, "/papers/" + Id, "/authorship/claim", F(("paper", Id), ("position", "1")));
        Assert.Equal(HttpStatusCode.Redirect, fine.StatusCode);
    }
}
