using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Accounts;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Issue10;

/// <summary>
/// Issue 10, point 9: every mapped route (all pages and endpoints, read from the app's EndpointDataSource, so a new
/// route is fuzzed without touching this test) with hostile route values, query parameters, form fields, JSON
/// bodies and methods, anonymous and signed in. Any 5xx fails, listing every request that got one.
/// </summary>
public sealed partial class Issue10RouteFuzzTests(AccountsApp app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<AccountsApp>
{
    /// <summary>Calendar edges, whitespace, control characters, NUL, sizes, unicode, path tricks, overflows.</summary>
    private static readonly string[] Hostile =
    [
        "9999-12-31", "9999-12-25", "0001-01-01", "9999-W52", "0001-W01", "9999-12", "0000-00", "2024-02-30", "2025-W54",
        " ", "\t", "\u00A0", "\0", "a\0b", "a\r\nb", "\u200B", "..", "-1", "2147483648", "99999999999999999999",
        new('a', 3000), "😀🧪", "é\u0301", "\uFFFF", "<script>x</script>", "' OR 1=1 --", "%00", "hep-th/9901001",
    ];

    private static readonly string[] CalendarEdges = ["9999-12-31", "9999-W52", "9999-12"];

    /// <summary>
    /// In a path, NUL is left out: Kestrel answers a path with %00 with its own 400 before the app runs, while the
    /// in-memory test server throws on it. NUL is still sent in query strings, forms and JSON.
    /// </summary>
    private static readonly string[] PathHostile = Hostile.Where(v => !v.Contains('\0', StringComparison.Ordinal)).ToArray();

    /// <summary>Query parameters the site reads somewhere (feed, search, API paging, account flows).</summary>
    private static readonly string[] QueryNames =
        ["date", "week", "month", "sort", "page", "p", "limit", "q", "cursor", "returnUrl", "similar_to", "submitter", "token", "code", "handler", "done"];

    private static readonly string[] Methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO"];

    private readonly ConcurrentBag<string> _failures = [];
    private int _requests;

    [Fact]
    public async Task No_route_answers_5xx_to_hostile_input()
    {
        var (client, handle) = await SignedInAsync();
        var bearer = await BearerAsync();
        var anonymous = app.Client();
        var routes = app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is not null)
            .Select(e => new Route(e, handle))
            .Where(r => r.Template != "/account/signout") // would end the fuzzing client's session half-way
            .ToList();
        Assert.True(routes.Count > 40, $"only {routes.Count} routes found: is the endpoint list read correctly?");

        // Bounded (about 2,000 in-memory requests): each route gets a slice of the hostile values, and the slices move
        // on from route to route, so every value meets every kind of parameter somewhere without the full product.
        var work = new List<Func<Task>>();
        var offset = 0;
        IEnumerable<string> Slice(string[] values, int count) => Enumerable.Range(offset++, count).Select(i => values[i % values.Length]);
        foreach (var route in routes)
        {
            // 1. Every method, on harmless values, anonymous or signed in (alternating).
            for (var m = 0; m < Methods.Length; m++)
                work.Add(Send(m % 2 == 0 ? anonymous : client, Methods[m], route.Url(), route));
            var writer = route.IsApi ? bearer : client;
            // 2. Each route parameter with hostile values, with the route's first method (a body too for writes):
            //    the calendar's last day, week and month always, then a slice of the rest.
            foreach (var name in route.Parameters)
                foreach (var value in CalendarEdges.Concat(Slice(PathHostile, 5)))
                    work.Add(Send(writer, route.Methods[0], route.Url(name, value), route, value));
            // 3. Reads: all query parameters at once, then each alone.
            if (route.Methods.Contains("GET"))
            {
                foreach (var value in Slice(Hostile, 4))
                    work.Add(Send(writer, "GET", route.Url() + "?" + string.Join("&", QueryNames.Select(q => q + "=" + Uri.EscapeDataString(value))), route));
                foreach (var q in QueryNames)
                    foreach (var value in Slice(Hostile, 1))
                        work.Add(Send(writer, "GET", route.Url() + "?" + q + "=" + Uri.EscapeDataString(value), route));
            }
            // 4. Every form handler of a page, with hostile values in every field the site posts.
            foreach (var handler in route.Handlers)
                foreach (var value in Slice(Hostile, 4))
                    work.Add(Send(client, "POST", route.Url() + (handler.Length > 0 ? "?handler=" + handler : ""), route, value));
        }

        // Four at a time: enough to overlap the awaits, little enough for a shared 2-core machine.
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(work.Select(async w =>
        {
            await gate.WaitAsync();
            try { await w(); } finally { gate.Release(); }
        }));
        output.WriteLine($"{_requests} requests over {routes.Count} routes");
        Assert.True(_requests > 1500, $"only {_requests} requests were sent");
        Assert.True(_failures.IsEmpty, $"{_failures.Count} of {_requests} requests got a 5xx:\n" + string.Join("\n", _failures.Order().Take(40)));
    }

    private Func<Task> Send(HttpClient client, string method, string url, Route route, string? bodyValue = null) =>
        () => SendAsync(client, method, url, route, bodyValue);

    private async Task SendAsync(HttpClient client, string method, string url, Route route, string? bodyValue = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PUT" or "PATCH" or "DELETE")
            request.Content = route.IsApi ? JsonBody(bodyValue ?? "x") : FormBody(bodyValue ?? "x", client == _client ? _antiforgery : null);
        Interlocked.Increment(ref _requests);
        try
        {
            using var response = await client.SendAsync(request);
            if ((int)response.StatusCode >= 500) _failures.Add($"{method} {Show(url)} ({route.Template}) → {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
        {
            _failures.Add($"{method} {Show(url)} ({route.Template}) → {e.GetType().Name}: {e.Message}");
        }
    }

    private static string Show(string url) => url.Length > 120 ? url[..117] + "..." : url;

    private static StringContent JsonBody(string v)
    {
        var fields = new[] { "title", "description", "private", "paper", "id", "note", "position", "comment", "body", "hidden" };
        var json = JsonSerializer.Serialize(fields.ToDictionary(f => f, _ => v));
        return new StringContent(json, Encoding.UTF8, "application/json");
    }

    private static FormUrlEncodedContent FormBody(string v, string? token)
    {
        var fields = new[] { "returnUrl", "up", "Title", "Description", "Private", "Paper", "Note", "To", "Body", "Comment", "Handle",
            "Email", "Password", "NewPassword", "Token", "Query", "q", "Abstract", "Id", "Name", "Role", "githubRepo", "projectPage", "Frequency" };
        var form = fields.ToDictionary(f => f, _ => v);
        if (token is not null) form["__RequestVerificationToken"] = token;
        return new FormUrlEncodedContent(form);
    }

    private HttpClient? _client;
    private string? _antiforgery;

    private async Task<(HttpClient Client, string Handle)> SignedInAsync()
    {
        var accounts = app.Factory.Services.GetRequiredService<AccountStore>();
        var handle = AccountsApp.NewHandle();
        await accounts.CreateAsync(handle, handle + "@example.org", Passwords.Hash(AccountsApp.Password), confirmed: true);
        var client = app.Client();
        var signin = await AccountsApp.SignInAsync(client, handle + "@example.org", AccountsApp.Password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, signin.StatusCode);
        // One antiforgery token serves every form of this session, so the handlers run past the token check.
        var html = await (await client.GetAsync("/account/settings")).Content.ReadAsStringAsync();
        _antiforgery = System.Net.WebUtility.HtmlDecode(AntiforgeryField().Match(html).Groups[1].Value);
        Assert.NotEmpty(_antiforgery);
        _client = client;
        return (client, handle);
    }

    private async Task<HttpClient> BearerAsync()
    {
        var accounts = app.Factory.Services.GetRequiredService<AccountStore>();
        var handle = AccountsApp.NewHandle();
        var created = await accounts.CreateAsync(handle, handle + "@example.org", Passwords.Hash(AccountsApp.Password), confirmed: true);
        var (token, _) = await accounts.CreateApiTokenAsync(created.Id, "fuzz");
        var client = app.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>One route of the table: how to fill it, which methods it maps, and a page's form handlers.</summary>
    private sealed class Route
    {
        private readonly RoutePattern _pattern;
        private readonly Dictionary<string, string> _harmless;

        public Route(RouteEndpoint e, string handle)
        {
            _pattern = e.RoutePattern;
            Template = "/" + _pattern.RawText!.TrimStart('/');
            IsApi = Template.StartsWith("/api/", StringComparison.Ordinal);
            Parameters = _pattern.Parameters.Select(p => p.Name).ToList();
            var page = e.Metadata.GetMetadata<PageActionDescriptor>();
            Methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToList()
                ?? (page is not null ? ["GET", "POST"] : ["GET"]);
            Handlers = page is null ? [] : HandlersOf(page.ViewEnginePath);
            // Values that lead past the first lookup: a seeded paper, the fuzzing user, a seeded organisation, real periods.
            _harmless = new(StringComparer.OrdinalIgnoreCase)
            {
                ["id"] = "2405.15738", ["arxivId"] = "2405.15738", ["archive"] = "hep-th", ["number"] = "9901001",
                ["handle"] = handle, ["owner"] = handle, ["slug"] = "reading", ["name"] = "google", ["commentId"] = "1",
                ["date"] = "2025-06-16", ["week"] = "2025-W25", ["month"] = "2025-06", ["handler"] = "add",
            };
        }

        public string Template { get; }
        public bool IsApi { get; }
        public List<string> Parameters { get; }
        public List<string> Methods { get; }
        public List<string> Handlers { get; }

        /// <summary>The path with harmless values, or with <paramref name="value"/> in parameter <paramref name="hostile"/>.</summary>
        public string Url(string? hostile = null, string? value = null)
        {
            var sb = new StringBuilder();
            foreach (var segment in _pattern.PathSegments)
            {
                sb.Append('/');
                foreach (var part in segment.Parts)
                {
                    if (part is RoutePatternLiteralPart literal) sb.Append(literal.Content);
                    else if (part is RoutePatternSeparatorPart separator) sb.Append(separator.Content);
                    else if (part is RoutePatternParameterPart p)
                    {
                        var v = p.Name == hostile ? value! : _harmless.GetValueOrDefault(p.Name, "x");
                        // A catch-all keeps its slashes (old-style ids); any other value is one segment.
                        sb.Append(p.IsCatchAll ? string.Join('/', v.Split('/').Select(Uri.EscapeDataString)) : Uri.EscapeDataString(v));
                    }
                }
            }
            return sb.Length == 0 ? "/" : sb.ToString();
        }

        /// <summary>A page's POST handlers ("" for the unnamed one), from its model's OnPost…Async methods.</summary>
        private static List<string> HandlersOf(string viewEnginePath)
        {
            var name = "DailyPapers.Web.Pages" + viewEnginePath.Replace('/', '.') + "Model";
            var type = typeof(WebHost).Assembly.GetType(name);
            if (type is null) return [""];
            return type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Select(m => HandlerName().Match(m.Name))
                .Where(m => m.Success)
                .Select(m => m.Groups[1].Value.ToLowerInvariant())
                .Distinct()
                .ToList();
        }
    }

    [GeneratedRegex("^OnPost(\\w*?)(?:Async)?$")]
    private static partial Regex HandlerName();
}
