using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Issue10;

/// <summary>
/// Issue 10, points 9 and 12, on a real Kestrel port (the in-memory server has no body limit, no Server header and
/// sends HEAD bodies): HEAD like GET without a body, no Server header, CORS for anonymous reads, 413 over 30 MB.
/// </summary>
public sealed class Issue10PublicApiTests(Issue10PublicApiTests.KestrelApp app) : IClassFixture<Issue10PublicApiTests.KestrelApp>
{
    public sealed class KestrelApp : IAsyncLifetime
    {
        public AccountsApp App { get; } = new() { RealPort = true };
        public Task InitializeAsync() => App.InitializeAsync();
        public Task DisposeAsync() => App.DisposeAsync();
        public HttpClient Client() => new() { BaseAddress = new Uri(App.BaseUrl) };
    }

    private const string Elsewhere = "https://elsewhere.example";

    /// <summary>The raw bytes of one request, so what follows the headers can be seen (HttpClient hides a HEAD body).</summary>
    private async Task<(string Head, byte[] Body)> RawAsync(string method, string target)
    {
        var uri = new Uri(app.App.BaseUrl);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"{method} {target} HTTP/1.1\r\nHost: {uri.Authority}\r\nConnection: close\r\n\r\n"));
        using var all = new MemoryStream();
        await stream.CopyToAsync(all);
        var bytes = all.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(end > 0, "no end of headers in: " + Encoding.ASCII.GetString(bytes));
        return (Encoding.ASCII.GetString(bytes, 0, end), bytes[(end + 4)..]);
    }

    [Theory]
    [InlineData("/api/daily_papers?date=2025-06-16")]
    [InlineData("/api/papers/2405.15738")]
    [InlineData("/api/papers?limit=2")]
    [InlineData("/api/papers/2405.15738/comments")]
    [InlineData("/papers/feed.rss")]
    public async Task Head_answers_like_get_without_a_body(string url)
    {
        var (getHead, getBody) = await RawAsync("GET", url);
        var (head, body) = await RawAsync("HEAD", url);
        Assert.StartsWith("HTTP/1.1 200", getHead, StringComparison.Ordinal);
        Assert.NotEmpty(getBody);
        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
        Assert.Empty(body);
        Assert.Equal(ContentType(getHead), ContentType(head));
    }

    private static string? ContentType(string head) =>
        head.Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task Head_on_an_unknown_paper_is_a_404_and_writes_stay_405()
    {
        var client = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/papers/2405.99999"))).StatusCode);
        // HEAD mirrors GET only: an endpoint mapped for POST alone does not start answering HEAD.
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/collections"))).StatusCode);
    }

    [Theory]
    [InlineData("/api/daily_papers")]
    [InlineData("/papers")]
    [InlineData("/papers/2405.15738")]
    [InlineData("/nowhere")]
    public async Task No_response_names_the_server_software(string url)
    {
        var (head, _) = await RawAsync("GET", url);
        Assert.DoesNotContain("\r\nServer:", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Anonymous_api_reads_are_open_to_any_origin_without_credentials()
    {
        var client = app.Client();
        var get = new HttpRequestMessage(HttpMethod.Get, "/api/daily_papers?date=2025-06-16");
        get.Headers.Add("Origin", Elsewhere);
        var r = await client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("*", Assert.Single(r.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(r.Headers.Contains("Access-Control-Allow-Credentials"));

        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/papers/2405.15738");
        preflight.Headers.Add("Origin", Elsewhere);
        preflight.Headers.Add("Access-Control-Request-Method", "GET");
        preflight.Headers.Add("Access-Control-Request-Headers", "accept");
        var ok = await client.SendAsync(preflight);
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal("*", Assert.Single(ok.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("GET", string.Join(",", ok.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.False(ok.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("/api/papers/2405.15738/upvote", "POST", null)]
    [InlineData("/api/collections", "POST", null)]
    [InlineData("/api/whoami-v2", "GET", "authorization")] // a bearer token is a credential: not from another site's script
    public async Task Preflights_for_writes_or_credentials_are_refused(string url, string method, string? headers)
    {
        var preflight = new HttpRequestMessage(HttpMethod.Options, url);
        preflight.Headers.Add("Origin", Elsewhere);
        preflight.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null) preflight.Headers.Add("Access-Control-Request-Headers", headers);
        var r = await app.Client().SendAsync(preflight);
        // A browser goes on only with an allowed origin AND the asked method and headers among the allowed ones.
        var allowed = r.Headers.Contains("Access-Control-Allow-Origin")
            && Listed(r, "Access-Control-Allow-Methods").Contains(method)
            && (headers is null || Listed(r, "Access-Control-Allow-Headers").Contains(headers));
        Assert.False(allowed, $"{method} {url} with headers \"{headers}\" was allowed cross-origin");
    }

    private static HashSet<string> Listed(HttpResponseMessage r, string header) =>
        r.Headers.TryGetValues(header, out var v) ? v.SelectMany(x => x.Split(',', StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.OrdinalIgnoreCase) : [];

    [Fact]
    public async Task Pages_and_writes_carry_no_cors_headers()
    {
        var page = new HttpRequestMessage(HttpMethod.Get, "/papers");
        page.Headers.Add("Origin", Elsewhere);
        Assert.False((await app.Client().SendAsync(page)).Headers.Contains("Access-Control-Allow-Origin"));
        var write = new HttpRequestMessage(HttpMethod.Post, "/api/collections") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        write.Headers.Add("Origin", Elsewhere);
        Assert.False((await app.Client().SendAsync(write)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_json_body_over_30_mb_is_a_json_413()
    {
        var accounts = app.App.Factory.Services.GetRequiredService<AccountStore>();
        var handle = AccountsApp.NewHandle();
        var created = await accounts.CreateAsync(handle, handle + "@example.org", Passwords.Hash(AccountsApp.Password), confirmed: true);
        var (token, _) = await accounts.CreateApiTokenAsync(created.Id, "issue 10");

        var body = new byte[31_000_000];
        Array.Fill(body, (byte)' ');
        "{\"title\":\"x\""u8.CopyTo(body);
        body[^1] = (byte)'}';
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/collections") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        // The server refuses before reading: with 100-continue the client waits for that answer instead of sending 31 MB.
        request.Headers.ExpectContinue = true;
        var r = await app.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        using var doc = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Contains("larger than", doc.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
