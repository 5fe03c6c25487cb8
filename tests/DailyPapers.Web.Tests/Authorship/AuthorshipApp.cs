using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Authorship;

/// <summary>The seeded accounts app with a small authorship form budget, and helpers to sign in with a role and post forms.</summary>
public sealed partial class AuthorshipApp : IAsyncLifetime
{
    public const int PostsPerWindow = 12;
    public AccountsApp App { get; } = new();

    public AuthorshipApp()
    {
        App.Settings["DailyPapers:Authorship:PostsPerWindow"] = PostsPerWindow.ToString(System.Globalization.CultureInfo.InvariantCulture);
        App.Settings["DailyPapers:Authorship:WindowSeconds"] = "3600"; // never refills during a test run
    }

    public Task InitializeAsync() => App.InitializeAsync();
    public Task DisposeAsync() => App.DisposeAsync();

    public T Service<T>() where T : notnull => App.Factory.Services.GetRequiredService<T>();

    public sealed record User(HttpClient Client, long Id, string Handle);

    /// <summary>A new confirmed account with that role, and a client signed in as it.</summary>
    public async Task<User> SignedInAsync(Role role = Role.User)
    {
        var handle = AccountsApp.NewHandle();
        var created = await Service<AccountStore>().CreateAsync(handle, handle + "@lab.example.org", Passwords.Hash(AccountsApp.Password), role, confirmed: true);
        var client = App.Client();
        var signin = await AccountsApp.SignInAsync(client, handle + "@lab.example.org", AccountsApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, signin.StatusCode);
        return new User(client, created.Id, handle);
    }

    public async Task<long> PaperIdAsync(string arxivId) => (await Service<PaperStore>().GetAsync(arxivId))!.Id;

    /// <summary>An antiforgery token as <paramref name="page"/> draws it for this client.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string page)
    {
        var html = await (await client.GetAsync(page)).Content.ReadAsStringAsync();
        var m = Token().Match(html);
        Assert.True(m.Success, $"no antiforgery token on {page}");
        return WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    /// <summary>POSTs a form to <paramref name="target"/> with a token taken from <paramref name="page"/> (null: no token).</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? page, string target, Dictionary<string, string> fields)
    {
        var form = new Dictionary<string, string>(fields);
        if (page is not null) form["__RequestVerificationToken"] = await TokenAsync(client, page);
        return await client.PostAsync(target, new FormUrlEncodedContent(form));
    }

    public static async Task<string> HtmlAsync(HttpClient client, string page, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var r = await client.GetAsync(page);
        Assert.Equal(expected, r.StatusCode);
        return await r.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
