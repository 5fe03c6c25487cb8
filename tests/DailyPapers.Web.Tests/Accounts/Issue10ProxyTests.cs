using System.Net;
using DailyPapers.Accounts;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;
using static DailyPapers.Web.Tests.Accounts.ProxyApp;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>
/// Issue 10, point 5: behind a reverse proxy. The proxy is 10.0.0.2 (configured as trusted); clients talk to it from
/// 198.51.100.x. Requests are "sent" from a peer address by <see cref="TestPeerFilter"/>.
/// </summary>
public sealed class Issue10ProxyTests
{
    private const string Proxy = "10.0.0.2";

    private static Dictionary<string, string> Settings(params (string Key, string Value)[] more)
    {
        var s = new Dictionary<string, string>
        {
            ["DailyPapers:ForwardedHeaders:KnownProxies:0"] = Proxy,
            ["DailyPapers:Accounts:AuthPostsPerWindow"] = "2",
            ["DailyPapers:Accounts:RateWindowSeconds"] = "3600",
        };
        foreach (var (k, v) in more) s[k] = v;
        return s;
    }

    private static Dictionary<string, string> SignInForm(string email) => new() { ["Email"] = email, ["Password"] = "not the password" };

    private static string NewEmail() => "nobody-" + Guid.NewGuid().ToString("N")[..8] + "@example.org";

    [Fact]
    public async Task Sign_in_limits_count_each_client_behind_a_trusted_proxy_on_its_own()
    {
        using var app = new ProxyApp(Settings());
        var alice = app.Client(Proxy, forwardedFor: "198.51.100.1");
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(alice, "/account/signin", SignInForm(NewEmail()))).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostFormAsync(alice, "/account/signin", SignInForm(NewEmail()))).StatusCode);

        // Another client behind the same proxy still has its whole budget: the limit keyed on alice, not the proxy.
        var bob = app.Client(Proxy, forwardedFor: "198.51.100.2");
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(bob, "/account/signin", SignInForm(NewEmail()))).StatusCode);
        // A client cannot escape its budget by prepending addresses: only the entry the proxy added counts.
        var aliceSpoofing = app.Client(Proxy, forwardedFor: "192.0.2.77, 198.51.100.1");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostFormAsync(aliceSpoofing, "/account/signin", SignInForm(NewEmail()))).StatusCode);
    }

    [Fact]
    public async Task Forwarded_addresses_from_an_untrusted_peer_are_ignored()
    {
        using var app = new ProxyApp(Settings());
        // The same machine claims to forward for a different client each time: it still has one budget.
        for (var i = 0; i < 2; i++)
        {
            var client = app.Client("203.0.113.50", forwardedFor: $"198.51.100.{10 + i}");
            Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(client, "/account/signin", SignInForm(NewEmail()))).StatusCode);
        }
        var third = app.Client("203.0.113.50", forwardedFor: "198.51.100.99");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostFormAsync(third, "/account/signin", SignInForm(NewEmail()))).StatusCode);
    }

    [Fact]
    public async Task Cookies_are_Secure_when_a_trusted_proxy_says_the_request_was_https_and_only_then()
    {
        using var app = new ProxyApp(Settings(("DailyPapers:Accounts:AuthPostsPerWindow", "100")));
        var email = NewEmail();
        var accounts = app.Factory.Services.GetRequiredService<AccountStore>();
        await accounts.CreateAsync("proxied" + Guid.NewGuid().ToString("N")[..6], email, Passwords.Hash("correct horse battery"), confirmed: true);
        var signIn = new Dictionary<string, string> { ["Email"] = email, ["Password"] = "correct horse battery" };

        var viaHttps = app.Client(Proxy, forwardedFor: "198.51.100.1", forwardedProto: "https");
        var signedIn = await PostFormAsync(viaHttps, "/account/signin", signIn);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("; secure", Cookie(signedIn, "dp_auth"), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("; secure", Cookie(await viaHttps.GetAsync("/account/signin"), "dp_csrf"), StringComparison.OrdinalIgnoreCase);

        // The same claim from a client that is not our proxy is ignored: the request was plain HTTP.
        var liar = app.Client("203.0.113.50", forwardedProto: "https");
        var plain = await PostFormAsync(liar, "/account/signin", signIn);
        Assert.Equal(HttpStatusCode.Redirect, plain.StatusCode);
        Assert.DoesNotContain("secure", Cookie(plain, "dp_auth"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", Cookie(await liar.GetAsync("/account/signin"), "dp_csrf"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_https_public_url_sends_HSTS_on_https_requests_and_makes_cookies_always_Secure()
    {
        using var app = new ProxyApp(Settings(("DailyPapers:PublicUrl", "https://papers.example.org")));
        var viaHttps = app.Client(Proxy, forwardedFor: "198.51.100.1", forwardedProto: "https");
        var page = await viaHttps.GetAsync("/account/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("max-age=31536000", page.Headers.GetValues("Strict-Transport-Security").Single());

        // HSTS is never sent over plain HTTP (browsers ignore it there), but the sign-in cookie is Secure all the same:
        // a proxy that forgets X-Forwarded-Proto must not make the site hand out a session fit for plain HTTP.
        var forgetful = app.Client(Proxy, forwardedFor: "198.51.100.1");
        var plain = await forgetful.GetAsync("/account/signin");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
        var email = NewEmail();
        await app.Factory.Services.GetRequiredService<AccountStore>().CreateAsync("hsts" + Guid.NewGuid().ToString("N")[..6], email,
            Passwords.Hash("correct horse battery"), confirmed: true);
        var signedIn = await PostFormAsync(forgetful, "/account/signin", new Dictionary<string, string> { ["Email"] = email, ["Password"] = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains("; secure", Cookie(signedIn, "dp_auth"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_an_https_public_url_there_is_no_HSTS()
    {
        using var app = new ProxyApp(Settings());
        var page = await app.Client(Proxy, forwardedFor: "198.51.100.1", forwardedProto: "https").GetAsync("/account/signin");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.False(page.Headers.Contains("Strict-Transport-Security"));
    }

    [Theory]
    [InlineData("198.51.100.7", "ip:198.51.100.7")]
    [InlineData("::ffff:198.51.100.7", "ip:198.51.100.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "ip:2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "ip:2001:db8:1:2::/64")]
    public void Limits_key_IPv4_by_address_and_IPv6_by_its_64_prefix(string address, string key) =>
        Assert.Equal(key, Web.Accounts.ProxySetup.ClientAddressKey(IPAddress.Parse(address)));

    [Fact]
    public void A_proxy_setting_that_is_not_an_address_stops_the_start_with_the_setting_named()
    {
        using var app = new ProxyApp(Settings(("DailyPapers:ForwardedHeaders:KnownNetworks:0", "10.0.0.0/33")));
        var e = Assert.ThrowsAny<Exception>(() => app.Factory.Server);
        Assert.Contains("DailyPapers:ForwardedHeaders:KnownNetworks: \"10.0.0.0/33\"", e.ToString());
    }
}
