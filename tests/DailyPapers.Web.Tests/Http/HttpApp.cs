using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Http;

/// <summary>
/// The seeded accounts app behind a public URL, answering any Host (AllowedHosts=*, so a forged Host reaches the
/// endpoints and only the link builder stands between it and the links), with small per-account budgets.
/// </summary>
public sealed class HttpApp : IAsyncLifetime
{
    public const string PublicUrl = "https://papers.example.org";
    public const int PerWindow = 4;
    public AccountsApp App { get; } = new();

    public HttpApp()
    {
        App.Settings["DailyPapers:PublicUrl"] = PublicUrl;
        App.Settings["AllowedHosts"] = "*";
        foreach (var section in new[] { "Votes", "Comments" })
        {
            App.Settings[$"DailyPapers:{section}:PerWindow"] = PerWindow.ToString(CultureInfo.InvariantCulture);
            App.Settings[$"DailyPapers:{section}:WindowSeconds"] = "3600"; // never refills during a test run
        }
        App.Settings["DailyPapers:Submissions:RatePerWindow"] = PerWindow.ToString(CultureInfo.InvariantCulture);
        App.Settings["DailyPapers:Submissions:RateWindowSeconds"] = "3600";
        // The id table writes to one collection many times; the 429 test runs the budget out on its own account.
        App.Settings["DailyPapers:Collections:PerWindow"] = "40";
        App.Settings["DailyPapers:Collections:WindowSeconds"] = "3600";
    }

    public Task InitializeAsync() => App.InitializeAsync();
    public Task DisposeAsync() => App.DisposeAsync();

    public sealed record User(long Id, string Handle, HttpClient Api);

    /// <summary>A confirmed account and a client sending its personal API token.</summary>
    public async Task<User> UserAsync()
    {
        var accounts = App.Factory.Services.GetRequiredService<AccountStore>();
        var handle = AccountsApp.NewHandle();
        var created = await accounts.CreateAsync(handle, handle + "@example.org", Passwords.Hash(AccountsApp.Password), confirmed: true);
        Assert.Equal(CreateAccountOutcome.Created, created.Outcome);
        var (token, _) = await accounts.CreateApiTokenAsync(created.Id, "http test");
        var api = App.Client();
        api.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return new User(created.Id, handle, api);
    }

    /// <summary>A public collection of <paramref name="user"/> holding <paramref name="papers"/>; its slug.</summary>
    public static async Task<string> CollectionAsync(User user, params string[] papers)
    {
        var r = await user.Api.PostAsJsonAsync("/api/collections", new { title = "Reading list " + Guid.NewGuid().ToString("N")[..6], description = "for a test" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        var slug = doc.RootElement.GetProperty("slug").GetString()!;
        foreach (var p in papers)
            Assert.Equal(HttpStatusCode.Created, (await user.Api.PostAsJsonAsync($"/api/collections/{user.Handle}/{slug}/items", new { paper = p })).StatusCode);
        return slug;
    }

    /// <summary>Asserts an RFC 9457 answer with HF's error field, and returns its detail.</summary>
    public static async Task<string> AssertProblemAsync(HttpResponseMessage r, HttpStatusCode status, string context)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(status == r.StatusCode, $"{context}: expected {(int)status}, got {(int)r.StatusCode}: {body}");
        Assert.True(r.Content.Headers.ContentType?.MediaType == ApiContentType.Problem, $"{context}: content type {r.Content.Headers.ContentType}");
        using var doc = JsonDocument.Parse(body);
        var root = doc.RootElement;
        Assert.Equal((int)status, root.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("type").GetString()), context + ": no type");
        Assert.False(string.IsNullOrEmpty(root.GetProperty("title").GetString()), context + ": no title");
        var detail = root.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrEmpty(detail), context + ": no detail");
        Assert.Equal(detail, root.GetProperty("error").GetString()); // what HF-compatible clients read
        return detail!;
    }
}
