using System.Net;
using System.Net.Http.Headers;
using DailyPapers.Accounts;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static DailyPapers.Web.Tests.Accounts.AccountsApp;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>
/// Issue 10, point 7: a saved sign-in cookie stops working after sign-out; a password reset ends every session and
/// (by default) revokes API tokens; a password change ends the other sessions.
/// </summary>
public sealed class Issue10SessionTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private static Dictionary<string, string> Form(params (string Key, string Value)[] fields) => fields.ToDictionary(f => f.Key, f => f.Value);

    /// <summary>The "dp_auth=…" pair a sign-in response set: what an attacker who copied the cookie would replay.</summary>
    private static string SavedCookie(HttpResponseMessage signIn) =>
        signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("dp_auth=", StringComparison.Ordinal)).Split(';')[0];

    /// <summary>GET with only the given cookie, from a client that keeps none of its own.</summary>
    private async Task<HttpResponseMessage> ReplayAsync(string cookie, string path = "/account/settings")
    {
        var client = app.Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost"),
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static void AssertSignedOut(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/account/signin", r.Headers.Location!.PathAndQuery);
    }

    private async Task<(HttpClient Client, string Cookie)> SignedInAsync(string email)
    {
        var client = app.Client();
        var signIn = await SignInAsync(client, email, Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return (client, SavedCookie(signIn));
    }

    private async Task<HttpStatusCode> WhoAmIAsync(string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/whoami-v2");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await app.Client().SendAsync(request)).StatusCode;
    }

    [Fact]
    public async Task A_saved_cookie_is_refused_after_sign_out_while_other_sessions_go_on()
    {
        var (_, email) = await app.SignUpAndConfirmAsync(app.Client());
        var (browser, saved) = await SignedInAsync(email);
        var (_, otherDevice) = await SignedInAsync(email);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(saved)).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(browser, "/account/signout", new Dictionary<string, string>())).StatusCode);

        AssertSignedOut(await ReplayAsync(saved));
        Assert.Contains("You are not signed in.", await (await ReplayAsync(saved, "/account/signout")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(otherDevice)).StatusCode);
    }

    [Fact]
    public async Task A_reset_ends_every_session_and_revokes_api_tokens_by_default()
    {
        var (_, email) = await app.SignUpAndConfirmAsync(app.Client());
        var (_, saved) = await SignedInAsync(email);
        var accounts = app.Factory.Services.GetRequiredService<AccountStore>();
        var id = (await accounts.FindByEmailAsync(email))!.Id;
        var (token, _) = await accounts.CreateApiTokenAsync(id, "script");
        Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(token));

        var client = app.Client();
        await PostFormAsync(client, "/account/forgot", Form(("Email", email)));
        var link = await app.LinkFromMailAsync(email, "Reset your");
        var form = await (await client.GetAsync(link)).Content.ReadAsStringAsync();
        Assert.Matches("<input[^>]*type=\"checkbox\"[^>]*checked=\"checked\"[^>]*name=\"RevokeTokens\"|<input[^>]*name=\"RevokeTokens\"[^>]*checked", form);
        // Posted as a script would, without the checkbox at all: revoking is the default.
        var reset = await PostFormAsync(client, link, Form(("Token", TokenOf(link)), ("Password", "a brand new password"), ("Confirm", "a brand new password")));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        AssertSignedOut(await ReplayAsync(saved));
        Assert.Equal(HttpStatusCode.Unauthorized, await WhoAmIAsync(token));
        Assert.Equal(0, await accounts.CountSessionsAsync(id));
    }

    [Fact]
    public async Task A_reset_with_the_box_unticked_keeps_api_tokens_but_still_ends_sessions()
    {
        var (_, email) = await app.SignUpAndConfirmAsync(app.Client());
        var (_, saved) = await SignedInAsync(email);
        var accounts = app.Factory.Services.GetRequiredService<AccountStore>();
        var (token, _) = await accounts.CreateApiTokenAsync((await accounts.FindByEmailAsync(email))!.Id, "script");

        var client = app.Client();
        await PostFormAsync(client, "/account/forgot", Form(("Email", email)));
        var link = await app.LinkFromMailAsync(email, "Reset your");
        // An unticked box sends only the form's hidden "false".
        var reset = await PostFormAsync(client, link, Form(("Token", TokenOf(link)), ("Password", "a brand new password"),
            ("Confirm", "a brand new password"), ("RevokeTokens", "false")));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);

        AssertSignedOut(await ReplayAsync(saved));
        Assert.Equal(HttpStatusCode.OK, await WhoAmIAsync(token));
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_this_one()
    {
        var (_, email) = await app.SignUpAndConfirmAsync(app.Client());
        var (here, _) = await SignedInAsync(email);
        var (_, elsewhere) = await SignedInAsync(email);

        var changed = await PostFormAsync(here, "/account/settings", Form(("CurrentPassword", Password), ("NewPassword", "another good password")), "Password");
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Contains("Other browsers and devices are signed out", await changed.Content.ReadAsStringAsync());

        AssertSignedOut(await ReplayAsync(elsewhere));
        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/account/settings")).StatusCode);
    }
}
