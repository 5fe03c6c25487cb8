using System.Net;
using DailyPapers.Accounts;
using DailyPapers.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>Sign-in through an OpenID Connect provider (a real one on a loopback port), end to end over HTTP.</summary>
public sealed class OidcSignInTests : IAsyncLifetime
{
    private FakeOidcProvider _provider = null!;
    private AccountsApp _app = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeOidcProvider.StartAsync();
        _app = new AccountsApp();
        _app.Settings["DailyPapers:Oidc:Authority"] = _provider.Issuer;
        _app.Settings["DailyPapers:Oidc:ClientId"] = FakeOidcProvider.ClientId;
        _app.Settings["DailyPapers:Oidc:ClientSecret"] = FakeOidcProvider.ClientSecret;
        _app.Settings["DailyPapers:Oidc:DisplayName"] = "Lab SSO";
        _app.Settings["DailyPapers:Oidc:RequireHttpsMetadata"] = "false";
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    private AccountStore Accounts => _app.Factory.Services.GetRequiredService<AccountStore>();

    /// <summary>Walks the redirects a browser follows: site → provider → site callback → /account/external.</summary>
    private async Task<HttpResponseMessage> SignInThroughProviderAsync(HttpClient client, string returnUrl = "/papers")
    {
        var start = await client.GetAsync($"/account/external?handler=start&returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal(HttpStatusCode.Redirect, start.StatusCode);
        var authorize = start.Headers.Location!;
        Assert.StartsWith(_provider.Issuer + "/authorize?", authorize.ToString());
        Assert.Contains("code_challenge_method=S256", authorize.Query);

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var back = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.StartsWith("https://localhost/signin-oidc?", back.Headers.Location!.ToString());

        var callback = await client.GetAsync(back.Headers.Location!.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var external = callback.Headers.Location!.ToString();
        if (!external.StartsWith("/account/external", StringComparison.Ordinal)) return callback; // a failure redirect
        return await client.GetAsync(external);
    }

    private static async Task<string> SignedInHandleAsync(HttpClient client)
    {
        var settings = await client.GetAsync("/account/settings");
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        return await settings.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_sign_in_page_offers_the_provider()
    {
        var page = await (await _app.Client().GetAsync("/account/signin")).Content.ReadAsStringAsync();
        Assert.Contains("Sign in with Lab SSO", page);
        Assert.Contains("/account/external?handler=start", page);
    }

    [Fact]
    public async Task A_new_person_gets_a_confirmed_account_and_the_same_one_on_the_next_sign_in()
    {
        var sub = "sub-" + Guid.NewGuid().ToString("N");
        _provider.NextUser = new(sub, $"{sub}@lab.example", true, "grace.hopper", "Grace Hopper");
        var client = _app.Client();
        var done = await SignInThroughProviderAsync(client, "/papers/trending");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/papers/trending", done.Headers.Location!.ToString());
        Assert.Contains("grace-hopper", await SignedInHandleAsync(client));

        var account = await Accounts.FindByEmailAsync($"{sub}@lab.example");
        Assert.NotNull(account);
        Assert.Equal("grace-hopper", account.Handle);
        Assert.True(account.IsConfirmed);
        Assert.Null(account.PasswordHash);
        Assert.Equal("Grace Hopper", account.FullName);

        // The provider is the authority on who this is: a changed email still finds the same account.
        _provider.NextUser = new(sub, "new-address@lab.example", true, "grace.hopper");
        var again = _app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInThroughProviderAsync(again)).StatusCode);
        Assert.Contains("grace-hopper", await SignedInHandleAsync(again));
        Assert.Equal([_provider.Issuer], await Accounts.ExternalLoginsAsync(account.Id));

        // No password yet: the settings page sets one without asking for a current one; then email sign-in works.
        var settings = await (await again.GetAsync("/account/settings")).Content.ReadAsStringAsync();
        Assert.Contains("Set a password", settings);
        Assert.DoesNotContain("id=\"current-password\"", settings);
        var set = await AccountsApp.PostFormAsync(again, "/account/settings",
            new Dictionary<string, string> { ["NewPassword"] = AccountsApp.Password }, handler: "Password");
        var setPage = await set.Content.ReadAsStringAsync();
        Assert.True(set.StatusCode == HttpStatusCode.OK, System.Text.RegularExpressions.Regex.Match(setPage, "class=\"message[^\"]*\"[^>]*>[^<]*").Value);
        Assert.Contains("Your password was changed", setPage);
        Assert.Equal(HttpStatusCode.Redirect, (await AccountsApp.SignInAsync(_app.Client(), $"{sub}@lab.example", AccountsApp.Password)).StatusCode);
    }

    [Fact]
    public async Task A_verified_email_joins_the_confirmed_local_account_which_keeps_its_password()
    {
        var local = _app.Client();
        var (handle, email) = await _app.SignUpAndConfirmAsync(local);
        _provider.NextUser = new("sub-" + Guid.NewGuid().ToString("N"), email, true, "someone-else");
        var client = _app.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await SignInThroughProviderAsync(client)).StatusCode);
        Assert.Contains(handle, await SignedInHandleAsync(client));
        Assert.Equal(HttpStatusCode.Redirect, (await AccountsApp.SignInAsync(_app.Client(), email, AccountsApp.Password)).StatusCode);
    }

    [Fact]
    public async Task An_unconfirmed_local_account_is_not_taken_over()
    {
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        var created = await Accounts.CreateAsync(handle, email, Passwords.Hash(AccountsApp.Password));
        _provider.NextUser = new("sub-" + Guid.NewGuid().ToString("N"), email, true, handle);
        var response = await SignInThroughProviderAsync(_app.Client());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("never confirmed", await response.Content.ReadAsStringAsync());
        Assert.Empty(await Accounts.ExternalLoginsAsync(created.Id));
    }

    [Fact]
    public async Task An_unverified_email_is_refused_and_creates_nothing()
    {
        var sub = "sub-" + Guid.NewGuid().ToString("N");
        _provider.NextUser = new(sub, $"{sub}@lab.example", false, "mallory");
        var response = await SignInThroughProviderAsync(_app.Client());
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("verified email address", await response.Content.ReadAsStringAsync());
        Assert.Null(await Accounts.FindByEmailAsync($"{sub}@lab.example"));
    }

    [Fact]
    public async Task A_callback_with_a_forged_state_fails_back_to_the_sign_in_page()
    {
        var client = _app.Client();
        var response = await client.GetAsync("/signin-oidc?code=whatever&state=forged");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/signin?external=failed", response.Headers.Location!.ToString());
        var page = await (await client.GetAsync("/account/signin?external=failed")).Content.ReadAsStringAsync();
        Assert.Contains("Signing in with Lab SSO did not work", page);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/settings")).StatusCode); // still signed out
    }

    [Fact]
    public async Task The_callback_page_without_a_provider_answer_is_a_clear_400()
    {
        var response = await _app.Client().GetAsync("/account/external?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Sign-in did not complete", await response.Content.ReadAsStringAsync());
    }
}
