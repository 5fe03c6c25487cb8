using System.Net;
using System.Text.Json;
using DailyPapers.Ingest;
using DailyPapers.Search;
using DailyPapers.Web.Throttling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests;

/// <summary>
/// The app with low search limits (3 searches per client, then one a minute; 2 at once) and a low word bound,
/// the HF fixtures imported. Requests name their client address in <see cref="ClientHeader"/> (a test-only
/// middleware sets the connection's address from it), so each test is its own set of clients.
/// </summary>
public sealed class SearchCostApp : IAsyncLifetime
{
    public const string ClientHeader = "X-Test-Client";
    public const int SearchBurst = 3, FeedBurst = 2, Concurrent = 2, MaxTerms = 4;
    private readonly DailyPapersFactory _root = new();
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;
    private static int _nextClient;

    public async Task InitializeAsync()
    {
        Factory = _root.WithWebHostBuilder(b =>
        {
            b.UseSetting("DailyPapers:Search:Limit:Burst", $"{SearchBurst}");
            b.UseSetting("DailyPapers:Search:Limit:PerMinute", "1"); // no refill during a test
            b.UseSetting("DailyPapers:Search:Limit:Concurrent", $"{Concurrent}");
            b.UseSetting("DailyPapers:Search:FeedLimit:Burst", $"{FeedBurst}");
            b.UseSetting("DailyPapers:Search:FeedLimit:PerMinute", "1");
            b.UseSetting("DailyPapers:Search:Bounds:MaxTerms", $"{MaxTerms}");
            b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, ClientAddressFilter>());
        });
        var importer = new Importer(Factory.Services.GetRequiredService<Storage.PaperStore>(), e => throw new InvalidOperationException(e));
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Order())
            await importer.ImportItemsAsync(HfDailyPapersParser.ParseArray(await File.ReadAllBytesAsync(file), HfDailyPapersParser.DateFromFileName(file)), file);
        await importer.ImportFilesAsync(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.jsonl"));
        await Factory.Services.GetRequiredService<SearchService>().CatchUpAsync();
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        _root.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A new client address no other test uses.</summary>
    public static string NewAddress() => $"10.10.{Interlocked.Increment(ref _nextClient) / 250}.{_nextClient % 250 + 1}";

    public HttpClient Client(string address)
    {
        var c = Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        c.DefaultRequestHeaders.Add(ClientHeader, address);
        return c;
    }

    private sealed class ClientAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((ctx, go) =>
            {
                if (ctx.Request.Headers.TryGetValue(ClientHeader, out var a)) ctx.Connection.RemoteIpAddress = IPAddress.Parse(a.ToString());
                return go(ctx);
            });
            next(app);
        };
    }
}

/// <summary>
/// Issue 10, point 4: search cost was unbounded. Per-client rate and concurrency limits on search, similar,
/// by-abstract and cache-missing feed queries (429 with Retry-After; other clients still served), unknown query
/// parameters answered from the output cache, and words past the bound dropped with a notice instead of an error.
/// </summary>
public sealed class Issue10SearchCostTests(SearchCostApp app) : IClassFixture<SearchCostApp>
{
    /// <summary>A search no other request made: the output cache would answer a repeated one without counting it.</summary>
    private static string Q(int i) => $"pretraining model{i} t{Guid.NewGuid():N}";

    [Fact]
    public async Task The_search_api_refuses_a_client_past_its_burst_with_429_json_and_Retry_After_while_another_is_served()
    {
        var attacker = app.Client(SearchCostApp.NewAddress());
        for (var i = 0; i < SearchCostApp.SearchBurst; i++)
            Assert.Equal(HttpStatusCode.OK, (await attacker.GetAsync("/api/papers/search?q=" + Q(i))).StatusCode);

        var refused = await attacker.GetAsync("/api/papers/search?q=" + Q(99));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(ApiContentType.Problem, refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.StartsWith("Too many requests", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        var other = await app.Client(SearchCostApp.NewAddress()).GetAsync("/api/papers/search?q=" + Q(98));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Search_similar_and_by_abstract_pages_share_one_budget_and_answer_a_429_page()
    {
        var client = app.Client(SearchCostApp.NewAddress());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/papers?q=" + Q(1))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/papers?similar_to=2405.15738")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/papers?q=" + Q(2))).StatusCode);

        var page = await client.GetAsync("/papers?q=" + Q(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(page.Headers.RetryAfter);
        Assert.Contains("Too many requests", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/papers?similar_to=2405.15574")).StatusCode);
    }

    [Fact]
    public async Task A_client_with_its_concurrent_searches_running_gets_429_and_another_client_is_served()
    {
        var limiter = app.Factory.Services.GetRequiredService<ClientLimiter>();
        var address = SearchCostApp.NewAddress();
        // Searches of this client in flight: the places they hold (a real one would hold it while it runs).
        var running = Enumerable.Range(0, SearchCostApp.Concurrent).Select(_ => limiter.TryEnter("search|ip:" + address)).ToList();
        Assert.All(running, r => Assert.NotNull(r.Lease));
        try
        {
            var refused = await app.Client(address).GetAsync("/api/papers/search?q=" + Q(1));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            Assert.Equal(HttpStatusCode.OK, (await app.Client(SearchCostApp.NewAddress()).GetAsync("/api/papers/search?q=" + Q(1))).StatusCode);
        }
        finally
        {
            foreach (var r in running) r.Lease!.Dispose();
        }
        // Refused for running searches, not for its rate: with them done it is served.
        Assert.Equal(HttpStatusCode.OK, (await app.Client(address).GetAsync("/api/papers/search?q=" + Q(2))).StatusCode);
    }

    [Fact]
    public void Clients_are_accounts_when_signed_in_else_addresses_with_IPv6_by_its_64_network()
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Connection.RemoteIpAddress = IPAddress.Parse("2001:db8:1:2:3:4:5:6");
        Assert.Equal("search|net:2001:db8:1:2::/64", ClientLimiter.Key(http, CostKind.Search));
        http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, "42")], "test"));
        Assert.Equal("feed|user:42", ClientLimiter.Key(http, CostKind.Feed));
    }

    [Fact]
    public async Task Unknown_query_parameters_are_answered_from_the_cache_and_known_ones_are_not()
    {
        var client = app.Client(SearchCostApp.NewAddress());
        const string feed = "/api/daily_papers?date=2024-09-24";
        var first = await client.GetAsync($"{feed}&x={Guid.NewGuid():N}");
        var second = await client.GetAsync($"{feed}&x={Guid.NewGuid():N}");
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotNull(second.Headers.Age); // served from the output cache
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Null((await client.GetAsync($"{feed}&limit=3&x=1")).Headers.Age); // a known parameter is another answer
        // A known parameter present but empty is another page too: /papers?q= is the empty search, not the feed.
        await client.GetAsync("/papers");
        Assert.Contains("What are you looking for?", await (await app.Client(SearchCostApp.NewAddress()).GetAsync("/papers?q=")).Content.ReadAsStringAsync());

        // Pages too, and the cached page never carries the unknown parameter (its sign-in link's way back).
        var marker = Guid.NewGuid().ToString("N");
        client = app.Client(SearchCostApp.NewAddress()); // a fresh feed budget
        await client.GetAsync("/papers/date/2024-09-24?utm_source=" + marker);
        var page = await client.GetAsync("/papers/date/2024-09-24?cb=" + Guid.NewGuid().ToString("N"));
        Assert.NotNull(page.Headers.Age);
        Assert.DoesNotContain(marker, await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Feed_queries_the_cache_did_not_answer_count_against_the_feed_budget()
    {
        var client = app.Client(SearchCostApp.NewAddress());
        for (var p = 0; p < SearchCostApp.FeedBurst; p++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/daily_papers?date=2024-09-23&limit=1&p={p}")).StatusCode);
        var refused = await client.GetAsync("/api/daily_papers?date=2024-09-23&limit=1&p=9");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/papers/date/2024-09-23?sort=newest")).StatusCode);
        // Searching is another budget.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/papers/search?q=" + Q(1))).StatusCode);
    }

    [Fact]
    public async Task Words_past_the_bound_are_dropped_with_a_notice_not_refused()
    {
        var attack = string.Join(' ', Enumerable.Range(0, 125).Select(i => (char)('b' + i % 25)));
        var api = await app.Client(SearchCostApp.NewAddress()).GetAsync("/api/papers/search?q=" + Uri.EscapeDataString(attack));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.StartsWith("121 word(s)", api.Headers.GetValues(Api.SearchApi.DroppedTermsHeader).Single());

        var page = await app.Client(SearchCostApp.NewAddress()).GetStringAsync("/papers?q=" + Uri.EscapeDataString("pretraining robot video agent zebra quokka"));
        Assert.Contains("data-dropped=\"2\"", page);
        Assert.Contains("zebra quokka", page);
        Assert.Equal(SearchCostApp.MaxTerms, app.Factory.Services.GetRequiredService<SearchService>().Lexical.Bounds.MaxTerms);
    }
}
