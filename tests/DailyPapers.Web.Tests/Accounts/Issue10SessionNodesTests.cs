using System.Net;
using DailyPapers.Accounts;
using DailyPapers.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>
/// Issue 10, point 7 across web nodes: the session's truth is in the database, so a sign-out on one node ends the
/// cookie on another (here with its cache off, so "at once"; with the cache on, within SessionCheckSeconds).
/// </summary>
public sealed class Issue10SessionNodesTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dp-sessions-" + Guid.NewGuid().ToString("N"));
    private readonly List<IDisposable> _owned = [];

    private WebApplicationFactory<Program> Node()
    {
        var root = new DailyPapersFactory();
        var node = root.WithWebHostBuilder(b =>
        {
            b.UseSetting("DailyPapers:Database", "sqlite:" + Path.Combine(_dir, "shared.db"));
            b.UseSetting("DailyPapers:Accounts:SessionCheckSeconds", "0");
            b.UseSetting("DailyPapers:Accounts:AuthPostsPerWindow", "10000");
        });
        _owned.Add(node);
        _owned.Add(root);
        return node;
    }

    private static HttpClient Client(WebApplicationFactory<Program> node) => node.CreateClient(new WebApplicationFactoryClientOptions
    {
        AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost"),
    });

    private static async Task<HttpResponseMessage> GetAsync(WebApplicationFactory<Program> node, string path, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await Client(node).SendAsync(request);
    }

    [Fact]
    public async Task Signing_out_on_one_node_ends_the_session_on_the_other()
    {
        Directory.CreateDirectory(_dir);
        var a = Node();
        var email = AccountsApp.NewHandle() + "@example.org";
        await a.Services.GetRequiredService<AccountStore>().CreateAsync(email.Split('@')[0], email, Passwords.Hash(AccountsApp.Password), confirmed: true);
        var b = Node();
        _ = b.Server;

        var signIn = await ProxyApp.PostFormAsync(Client(a), "/account/signin",
            new Dictionary<string, string> { ["Email"] = email, ["Password"] = AccountsApp.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = ProxyApp.Cookie(signIn, "dp_auth").Split(';')[0];
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(b, "/account/settings", cookie)).StatusCode); // one key ring, one session table

        var signOut = await ProxyApp.PostFormAsync(Client(a), "/account/signout", new Dictionary<string, string>(), cookie);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        var replay = await GetAsync(b, "/account/settings", cookie);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("/account/signin", replay.Headers.Location!.PathAndQuery);
    }

    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
