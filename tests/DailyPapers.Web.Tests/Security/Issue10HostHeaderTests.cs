using System.Net;
using DailyPapers.Web.Tests.Accounts;

namespace DailyPapers.Web.Tests.Security;

/// <summary>
/// Issue 10, High 1: a forged Host header on "forgot password" mailed the victim a reset link to the attacker's
/// site. Links in mails now come only from configuration (PublicUrl, else the listen address).
/// </summary>
public sealed class Issue10HostHeaderTests
{
    private static Dictionary<string, string> Form(params (string K, string V)[] kv) => kv.ToDictionary(x => x.K, x => x.V);

    private static HttpRequestMessage WithHost(HttpRequestMessage m, string host)
    {
        m.Headers.Host = host;
        return m;
    }

    [Fact]
    public async Task Issue10_forgot_with_a_forged_host_mails_a_link_on_the_configured_site_not_the_attackers()
    {
        await using var app = await StartAsync(new AccountsApp());
        var (_, email) = await app.App.SignUpAndConfirmAsync(app.App.Client());
        var client = app.App.Client();
        var page = await client.GetAsync("/account/forgot");
        var html = await page.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var post = WithHost(new HttpRequestMessage(HttpMethod.Post, "/account/forgot")
        {
            Content = new FormUrlEncodedContent(Form(("Email", email), ("__RequestVerificationToken", WebUtility.HtmlDecode(token)))),
        }, "evil.example");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(post)).StatusCode);

        await app.App.Smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == email) && (m.Subject ?? "").Contains("Reset", StringComparison.Ordinal));
        var mail = app.App.Smtp.Messages.Last(m => m.To.Mailboxes.Any(x => x.Address == email) && (m.Subject ?? "").Contains("Reset", StringComparison.Ordinal));
        Assert.DoesNotContain("evil.example", mail.TextBody);
        Assert.True((mail.TextBody ?? "").Contains("http://localhost/account/reset?token=", StringComparison.Ordinal), mail.TextBody);
    }

    [Fact]
    public async Task Issue10_with_PublicUrl_set_links_use_it_and_a_forged_host_is_refused_before_any_page_runs()
    {
        var accounts = new AccountsApp();
        accounts.Settings["DailyPapers:PublicUrl"] = "https://papers.example.org/";
        await using var app = await StartAsync(accounts);
        var (_, email) = await app.App.SignUpAndConfirmAsync(app.App.Client());
        // The confirm link of the sign-up was already read above (its path only); the mail itself names the configured site.
        Assert.Contains(app.App.Smtp.Messages, m => m.To.Mailboxes.Any(x => x.Address == email)
            && (m.TextBody ?? "").Contains("https://papers.example.org/account/confirm?token=", StringComparison.Ordinal));

        var forged = await app.App.Client().SendAsync(WithHost(new HttpRequestMessage(HttpMethod.Get, "/account/forgot"), "evil.example"));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        var own = await app.App.Client().SendAsync(WithHost(new HttpRequestMessage(HttpMethod.Get, "/papers"), "papers.example.org"));
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    [Theory]
    [InlineData(null, "http://127.0.0.1:5000", false, "http://127.0.0.1:5000")]
    [InlineData("https://papers.example.org/", "http://0.0.0.0:8080", false, "https://papers.example.org")]
    [InlineData("https://example.org/papers/", "http://127.0.0.1:5000", false, "https://example.org/papers")]
    [InlineData(null, "http://[::1]:5001;http://127.0.0.1:5002", false, "http://[::1]:5001")]
    [InlineData(null, "http://0.0.0.0:8080", true, "http://localhost:8080")]
    [InlineData(null, "http://+:80", true, "http://localhost:80")]
    public void Issue10_the_base_url_comes_from_PublicUrl_or_the_listen_address(string? publicUrl, string listen, bool development, string expected) =>
        Assert.Equal(expected, SiteUrl.Resolve(publicUrl, listen, development).Base);

    [Theory]
    [InlineData(null, "http://0.0.0.0:8080", "DailyPapers:PublicUrl is not set")]
    [InlineData(null, "http://*:80", "DailyPapers:PublicUrl is not set")]
    [InlineData("papers.example.org", "http://127.0.0.1:5000", "must be an absolute http or https URL")]
    [InlineData("javascript:alert(1)", "http://127.0.0.1:5000", "must be an absolute http or https URL")]
    [InlineData("https://papers.example.org/?x=1", "http://127.0.0.1:5000", "without query")]
    public void Issue10_outside_development_an_unusable_base_stops_start_up_with_the_setting_to_change(string? publicUrl, string listen, string message)
    {
        var e = Assert.Throws<StartupException>(() => SiteUrl.Resolve(publicUrl, listen, development: false));
        Assert.Contains(message, e.Message);
    }

    /// <summary>A configured host for one test, disposed at its end.</summary>
    private static async Task<AccountsAppScope> StartAsync(AccountsApp app)
    {
        await app.InitializeAsync();
        return new AccountsAppScope(app);
    }

    private sealed class AccountsAppScope(AccountsApp app) : IAsyncDisposable
    {
        public AccountsApp App => app;
        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
