using System.Net;
using System.Text.Json;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;
using static DailyPapers.Web.Tests.Accounts.AccountsApp;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>The account pages end to end, with mails through a real SMTP server.</summary>
public sealed class AccountPagesTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private static Dictionary<string, string> Form(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    [Fact]
    public async Task Sign_up_sends_a_confirmation_mail_whose_link_confirms_and_signs_in()
    {
        var client = app.Client();
        var handle = NewHandle();
        var email = handle + "@Example.org";
        var signup = await PostFormAsync(client, "/account/signup", Form(("Handle", handle), ("Email", email), ("Password", Password)));
        Assert.Contains("Check your mail", await signup.Content.ReadAsStringAsync());

        // Not confirmed yet: the right password does not sign in, and a new link is mailed.
        var early = await SignInAsync(client, email, Password);
        Assert.Contains("confirm your email address first", await early.Content.ReadAsStringAsync());

        var link = await app.LinkFromMailAsync(email.ToLowerInvariant(), "Confirm your email", nth: 2); // the sign-in sent a new one
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(await app.LinkFromMailAsync(email.ToLowerInvariant(), "Confirm your email", nth: 1))).StatusCode);
        var page = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        var confirmed = await PostFormAsync(client, link, Form(("Token", TokenOf(link))));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        var cookie = confirmed.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dp_auth=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var settings = await client.GetAsync("/account/settings");
        var html = await settings.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Contains(email.ToLowerInvariant(), html);
        Assert.Contains($"<span class=\"user-menu-name\">{handle}</span>", html);

        // A fresh client signs in with the password.
        var other = app.Client();
        var signin = await SignInAsync(other, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signin.StatusCode);
        Assert.Equal("/papers", signin.Headers.Location!.OriginalString);

        // The used link is refused with a page that says so.
        var again = await client.GetAsync(link);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("This link was already used", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_password_and_unknown_email_get_the_same_answer()
    {
        var (_, email) = await app.SignUpAndConfirmAsync(app.Client());
        var wrong = await (await SignInAsync(app.Client(), email, "not the password at all")).Content.ReadAsStringAsync();
        var unknown = await (await SignInAsync(app.Client(), "nobody-" + email, "not the password at all")).Content.ReadAsStringAsync();
        Assert.Contains("Wrong email or password.", wrong);
        Assert.Contains("Wrong email or password.", unknown);
        Assert.Equal(Alert(wrong), Alert(unknown));
    }

    private static string Alert(string html) => System.Text.RegularExpressions.Regex.Match(html, "<p class=\"alert[^>]*>([^<]*)</p>").Value;

    [Fact]
    public async Task Repeated_failures_make_that_client_wait_even_with_the_right_password()
    {
        // All test clients share one (unknown) address; the delay is per (account, address), not a lock on the account:
        // Issue10SignInCostTests shows the owner elsewhere is not affected.
        var (_, email) = await app.SignUpAndConfirmAsync(app.Client());
        for (var i = 0; i < 4; i++) await SignInAsync(app.Client(), email, "wrong password " + i); // 3 free, the 4th sets a wait
        var waiting = await SignInAsync(app.Client(), email, Password);
        Assert.Equal(HttpStatusCode.TooManyRequests, waiting.StatusCode);
        Assert.Contains("Too many wrong passwords for this account from your network. Try again in 10 minutes", await waiting.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Forgot_and_reset_with_the_mailed_link_then_the_old_password_fails()
    {
        var (_, email) = await app.SignUpAndConfirmAsync(app.Client());
        var client = app.Client();
        var known = await (await PostFormAsync(client, "/account/forgot", Form(("Email", email)))).Content.ReadAsStringAsync();
        var unknown = await (await PostFormAsync(client, "/account/forgot", Form(("Email", "nobody-" + email)))).Content.ReadAsStringAsync();
        Assert.Contains("If an account exists for that address", known);
        Assert.Equal(Alert(known), Alert(unknown));

        var link = await app.LinkFromMailAsync(email, "Reset your DailyPapers password");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);
        var mismatch = await PostFormAsync(client, link, Form(("Token", TokenOf(link)), ("Password", "a brand new secret"), ("Confirm", "different")));
        Assert.Contains("The two passwords differ", await mismatch.Content.ReadAsStringAsync());
        var reset = await PostFormAsync(client, link, Form(("Token", TokenOf(link)), ("Password", "a brand new secret"), ("Confirm", "a brand new secret")));
        Assert.Equal("/account/signin?done=reset", reset.Headers.Location!.OriginalString);

        Assert.Contains("Wrong email or password.", await (await SignInAsync(app.Client(), email, Password)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app.Client(), email, "a brand new secret")).StatusCode);
        Assert.Contains("This link was already used", await (await client.GetAsync(link)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Tampered_and_expired_links_are_refused_with_a_clear_page()
    {
        var tampered = await app.Client().GetAsync("/account/reset?token=not-a-real-token");
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.Contains("This link is not valid", await tampered.Content.ReadAsStringAsync());

        var (handle, _) = await app.SignUpAndConfirmAsync(app.Client());
        var accounts = app.Factory.Services.GetRequiredService<AccountStore>();
        var id = (await accounts.FindByHandleAsync(handle))!.Id;
        var expired = await accounts.IssueTokenAsync(id, TokenPurpose.ResetPassword, TimeSpan.FromMinutes(-1));
        var page = await app.Client().GetAsync("/account/reset?token=" + Uri.EscapeDataString(expired));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("This link has expired", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/account/signin")]
    [InlineData("/account/signup")]
    [InlineData("/account/forgot")]
    [InlineData("/account/signout")]
    public async Task A_post_without_the_antiforgery_token_is_rejected(string path)
    {
        var response = await app.Client().PostAsync(path, new FormUrlEncodedContent(Form(("Email", "a@example.org"), ("Password", Password), ("Handle", "abc"))));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_settings_redirect_to_sign_in_with_the_way_back()
    {
        var response = await app.Client().GetAsync("/account/settings");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("https://localhost/account/signin?ReturnUrl=%2Faccount%2Fsettings", response.Headers.Location!.ToString());
    }

    [Theory]
    [InlineData("/papers")]
    [InlineData("/account/signin")]
    [InlineData("/api/daily_papers")]
    [InlineData("/no/such/page")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await app.Client().GetAsync(path);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline'; img", csp.Replace("style-src-attr 'unsafe-inline'; img", "", StringComparison.Ordinal));
        Assert.DoesNotContain("script-src 'self' 'unsafe", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task A_bearer_token_from_the_settings_page_works_until_revoked()
    {
        var client = app.Client();
        var (handle, _) = await app.SignUpAndConfirmAsync(client);
        var created = await (await PostFormAsync(client, "/account/settings", Form(("TokenName", "my script")), "CreateToken")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(created, "id=\"new-token\" class=\"mono\" value=\"(dp_[^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        var api = app.Client();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var who = await api.GetAsync("/api/whoami-v2");
        Assert.Equal(HttpStatusCode.OK, who.StatusCode);
        using (var doc = JsonDocument.Parse(await who.Content.ReadAsStringAsync()))
            Assert.Equal(handle, doc.RootElement.GetProperty("name").GetString());

        var settings = await (await client.GetAsync("/account/settings")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, settings); // shown once only
        var tokenId = System.Text.RegularExpressions.Regex.Match(settings, "name=\"TokenId\" value=\"(\\d+)\"").Groups[1].Value;
        await PostFormAsync(client, "/account/settings", Form(("TokenId", tokenId)), "RevokeToken");

        var revoked = await api.GetAsync("/api/whoami-v2");
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
        Assert.Contains("\"error\":", await revoked.Content.ReadAsStringAsync());
        var none = await app.Client().GetAsync("/api/whoami-v2");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(ApiContentType.Problem, none.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task Profiles_show_local_and_imported_users_and_404_for_unknown_ones()
    {
        var (handle, _) = await app.SignUpAndConfirmAsync(app.Client());
        var mine = await app.Client().GetAsync("/users/" + handle);
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Contains("has not submitted any papers yet", await mine.Content.ReadAsStringAsync());

        // An HF-imported user (case-insensitive URL) with the papers they submitted to the daily feed.
        var hf = await app.Client().GetAsync("/users/TAESIRI");
        var hfHtml = await hf.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, hf.StatusCode);
        Assert.Contains("Hugging Face</span>", hfHtml);
        Assert.Matches("Submitted papers <span class=\"count\">[1-9]", hfHtml);
        Assert.Contains("href=\"/papers/", hfHtml);

        var unknown = await app.Client().GetAsync("/users/no-such-person-here");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("There is no user called", await unknown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Deleting_the_account_removes_its_votes_and_recomputes_the_score()
    {
        var client = app.Client();
        var (handle, email) = await app.SignUpAndConfirmAsync(client);
        var services = app.Factory.Services;
        var accounts = services.GetRequiredService<AccountStore>();
        var papers = services.GetRequiredService<PaperStore>();
        var id = (await accounts.FindByHandleAsync(handle))!.Id;
        var paper = (await papers.ListAsync(null, 1)).Papers.Single();
        await services.GetRequiredService<VoteStore>().SetAsync(id, paper.Id, true);
        Assert.Equal(paper.Upvotes + 1, (await papers.GetAsync(paper.Paper.ArxivId))!.Upvotes);

        var wrong = await PostFormAsync(client, "/account/settings", Form(("ConfirmHandle", "someone-else"), ("CurrentPassword", Password)), "Delete");
        Assert.Contains("Type your user name exactly", await wrong.Content.ReadAsStringAsync());
        var deleted = await PostFormAsync(client, "/account/settings", Form(("ConfirmHandle", handle), ("CurrentPassword", Password)), "Delete");
        Assert.Equal("/account/signin?done=deleted", deleted.Headers.Location!.OriginalString);

        Assert.Equal(paper.Upvotes, (await papers.GetAsync(paper.Paper.ArxivId))!.Upvotes);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync("/users/" + handle)).StatusCode);
        Assert.Contains("Wrong email or password.", await (await SignInAsync(app.Client(), email, Password)).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/settings")).StatusCode);
    }

    [Fact]
    public async Task A_local_account_cannot_take_the_handle_of_an_imported_HF_user()
    {
        var response = await PostFormAsync(app.Client(), "/account/signup", Form(("Handle", "TaeSiri"), ("Email", NewHandle() + "@example.org"), ("Password", Password)));
        Assert.Contains("is the name of a Hugging Face user", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }
}

/// <summary>Rate limits with a low budget, on an app of their own so other tests keep theirs.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly AccountsApp _app = new();

    public Task InitializeAsync()
    {
        _app.Settings["DailyPapers:Accounts:AuthPostsPerWindow"] = "3";
        _app.Settings["DailyPapers:Accounts:RateWindowSeconds"] = "3600";
        return _app.InitializeAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Sign_in_posts_beyond_the_budget_answer_429_with_a_page_and_retry_after()
    {
        var client = _app.Client();
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await SignInAsync(client, "x@example.org", "whatever password")).StatusCode);
        var limited = await SignInAsync(client, "x@example.org", "whatever password");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));
        var body = await limited.Content.ReadAsStringAsync();
        Assert.True(body.Contains("Too many requests"), body[..Math.Min(3000, body.Length)]);
        // Reading the page is not limited; forgot shares the budget.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/signin")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostFormAsync(client, "/account/forgot", new Dictionary<string, string> { ["Email"] = "x@example.org" })).StatusCode);
    }
}
