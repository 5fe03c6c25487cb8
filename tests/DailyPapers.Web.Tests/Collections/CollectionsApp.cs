using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Collections;

/// <summary>The seeded accounts app with a small per-account collections budget, and helpers for users and the API.</summary>
public sealed class CollectionsApp : IAsyncLifetime
{
    public const int PerWindow = 40;
    public AccountsApp App { get; }

    public CollectionsApp() : this(realPort: false) { }

    internal CollectionsApp(bool realPort)
    {
        App = new AccountsApp { RealPort = realPort };
        App.Settings["DailyPapers:Collections:PerWindow"] = PerWindow.ToString(CultureInfo.InvariantCulture);
        App.Settings["DailyPapers:Collections:WindowSeconds"] = "3600"; // never refills during a test run
    }

    public Task InitializeAsync() => App.InitializeAsync();
    public Task DisposeAsync() => App.DisposeAsync();

    public T Service<T>() where T : notnull => App.Factory.Services.GetRequiredService<T>();

    public sealed record User(long Id, string Handle, string Token, HttpClient Browser, HttpClient Api);

    /// <summary>A confirmed account with a personal API token, a cookie-signed-in client and a bearer client.</summary>
    public async Task<User> UserAsync()
    {
        var accounts = Service<AccountStore>();
        var handle = AccountsApp.NewHandle();
        var created = await accounts.CreateAsync(handle, handle + "@example.org", Passwords.Hash(AccountsApp.Password), confirmed: true);
        Assert.Equal(CreateAccountOutcome.Created, created.Outcome);
        var (token, _) = await accounts.CreateApiTokenAsync(created.Id, "collections test");
        var browser = App.Client();
        Assert.Equal(HttpStatusCode.Redirect, (await AccountsApp.SignInAsync(browser, handle + "@example.org", AccountsApp.Password)).StatusCode);
        return new User(created.Id, handle, token, browser, Api(token));
    }

    public HttpClient Api(string? token)
    {
        var client = App.Client();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>Creates a collection through the API and returns its slug.</summary>
    public static async Task<string> CreateAsync(User u, string title, bool isPrivate = false, params string[] papers)
    {
        var r = await u.Api.PostAsJsonAsync("/api/collections", new { title, description = "made in a test", @private = isPrivate });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var slug = (await Json(r)).GetProperty("slug").GetString()!;
        foreach (var p in papers)
            Assert.Equal(HttpStatusCode.Created, (await u.Api.PostAsJsonAsync($"/api/collections/{u.Handle}/{slug}/items", new { paper = p })).StatusCode);
        return slug;
    }

    public static async Task<JsonElement> Json(HttpResponseMessage r)
    {
        ApiContentType.Assert(r);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }
}
