using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>
/// Plays the network for TestServer, which has no sockets: the connection's remote address is taken from the
/// <see cref="Header"/> request header (default: an address no proxy list contains), as Kestrel would take it from
/// the socket. Runs before the application's pipeline, so the forwarded-headers middleware sees it as the peer.
/// </summary>
public sealed class TestPeerFilter : IStartupFilter
{
    public const string Header = "X-Test-Peer";
    public const string UntrustedDefault = "203.0.113.9";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextStep) =>
        {
            var peer = context.Request.Headers[Header].FirstOrDefault() ?? UntrustedDefault;
            context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
            context.Request.Headers.Remove(Header);
            return nextStep(context);
        });
        next(app);
    };

    public static void AddTo(IWebHostBuilder builder) =>
        builder.ConfigureServices(s => s.AddTransient<IStartupFilter, TestPeerFilter>());
}

/// <summary>The application (no papers seeded) with given settings and a simulated network peer.</summary>
public sealed class ProxyApp : IDisposable
{
    private readonly DailyPapersFactory _root = new();
    public WebApplicationFactory<Program> Factory { get; }

    public ProxyApp(IReadOnlyDictionary<string, string> settings, Action<IServiceCollection>? services = null)
    {
        Factory = _root.WithWebHostBuilder(b =>
        {
            foreach (var (k, v) in settings) b.UseSetting(k, v);
            TestPeerFilter.AddTo(b);
            if (services is not null) b.ConfigureServices(services);
        });
    }

    /// <summary>
    /// A client whose requests come from <paramref name="peer"/>, optionally carrying X-Forwarded-* headers. Cookies
    /// are not handled (a Secure cookie would not come back over http://); tests pass them on by hand.
    /// </summary>
    public HttpClient Client(string peer, string? forwardedFor = null, string? forwardedProto = null, string baseUrl = "http://papers.example.org")
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri(baseUrl),
        });
        client.DefaultRequestHeaders.Add(TestPeerFilter.Header, peer);
        if (forwardedFor is not null) client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        if (forwardedProto is not null) client.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        return client;
    }

    /// <summary>A browser-like client (keeps cookies, HTTPS) whose requests come from <paramref name="peer"/>.</summary>
    public HttpClient Browser(string peer)
    {
        var client = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });
        client.DefaultRequestHeaders.Add(TestPeerFilter.Header, peer);
        return client;
    }

    /// <summary>A confirmed local account with <see cref="AccountsApp.Password"/>; returns its email.</summary>
    public async Task<string> CreateAccountAsync()
    {
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        var created = await Factory.Services.GetRequiredService<Storage.AccountStore>()
            .CreateAsync(handle, email, DailyPapers.Accounts.Passwords.Hash(AccountsApp.Password), confirmed: true);
        Assert.Equal(Storage.CreateAccountOutcome.Created, created.Outcome);
        return email;
    }

    /// <summary>GETs a form page and POSTs it back with its antiforgery cookie and field, as a browser would.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, IDictionary<string, string> fields, string? cookies = null)
    {
        using var get = new HttpRequestMessage(HttpMethod.Get, page);
        if (cookies is not null) get.Headers.Add("Cookie", cookies);
        var form = await client.SendAsync(get);
        var html = await form.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        Assert.True(token.Success, $"no antiforgery token on {page}");
        var jar = string.Join("; ", new[] { cookies }.Concat(SetCookies(form).Select(c => c.Split(';')[0])).Where(c => !string.IsNullOrEmpty(c)));
        using var post = new HttpRequestMessage(HttpMethod.Post, page)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) }),
        };
        post.Headers.Add("Cookie", jar);
        return await client.SendAsync(post);
    }

    public static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    public static string Cookie(HttpResponseMessage response, string name) =>
        SetCookies(response).SingleOrDefault(c => c.StartsWith(name + "=", StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"no {name} cookie set; got: {string.Join(" | ", SetCookies(response))}");

    public void Dispose()
    {
        Factory.Dispose();
        _root.Dispose();
    }
}
