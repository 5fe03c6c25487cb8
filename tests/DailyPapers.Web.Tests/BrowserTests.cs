using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DailyPapers.Web.Tests;

/// <summary>The reader's path in a real headless Chromium against the app on a real port.</summary>
public sealed class BrowserTests : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    /// <summary>Debian's headless Chromium with the switches every browser test uses (no network beyond the app).</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install it with `apt-get install -y chromium`");
        return playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    private readonly DailyPapersFactory _factory = new();
    private string _baseUrl = "";

    public async Task InitializeAsync()
    {
        _factory.UseKestrel(0);
        _factory.StartServer();
        await _factory.SeedAsync();
        _baseUrl = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Reader_opens_papers_goes_to_the_previous_day_and_reads_a_paper()
    {
        // CI installs chromium (.ci/run); a missing browser must fail loudly, not skip silently.
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install it with `apt-get install -y chromium` to run the browser test");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();

        var response = await page.GotoAsync(_baseUrl + "/papers");
        Assert.Equal(200, response!.Status);
        Assert.Contains("August 21, 2026", await page.Locator(".feed-date").InnerTextAsync());

        await page.Locator("a[rel=prev]").First.ClickAsync();
        await page.WaitForURLAsync("**/papers/date/2025-06-16");
        Assert.Equal(9, await page.Locator("li.card").CountAsync());

        var card = page.Locator("li.card").First;
        var title = (await card.Locator(".card-title a").InnerTextAsync()).Trim();
        var href = await card.Locator(".card-title a").GetAttributeAsync("href");
        await card.Locator(".card-title a").ClickAsync();
        await page.WaitForURLAsync("**" + href);

        Assert.Equal(title, (await page.Locator("h1.paper-title").InnerTextAsync()).Trim());
        var abstractText = await page.Locator("section.abstract").InnerTextAsync();
        Assert.Contains("Abstract", abstractText);
        Assert.True(abstractText.Length > 300, "the abstract should be shown in full");
        Assert.True(await page.Locator("section.abstract p").First.IsVisibleAsync());
        // The vendored KaTeX loaded from our own server (no CDN): auto-render defined its global.
        Assert.True(await page.EvaluateAsync<bool>("typeof window.renderMathInElement === 'function'"));
    }

    [Fact]
    public async Task Reader_searches_from_the_header_sees_highlights_opens_a_result_and_sees_similar_papers()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: install it with `apt-get install -y chromium` to run the browser test");
        await _factory.Services.GetRequiredService<DailyPapers.Search.SearchService>().CatchUpAsync();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_baseUrl + "/papers/date/2025-06-16");

        // "/" jumps to the search box; typing and Enter submits it.
        await page.Keyboard.PressAsync("/");
        Assert.True(await page.EvaluateAsync<bool>("document.activeElement && document.activeElement.id === 'site-q'"));
        await page.Keyboard.TypeAsync("pretraining");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/papers?q=pretraining");

        Assert.Contains("pretraining", await page.Locator("h1").InnerTextAsync());
        Assert.True(await page.Locator("li.card").CountAsync() >= 2);
        var marks = page.Locator("li.card mark");
        Assert.True(await marks.CountAsync() > 0, "matched terms are highlighted");
        Assert.Matches("(?i)^pre-?train", await marks.First.InnerTextAsync());

        // Deferred scripts (KaTeX in titles) may still move the cards on a busy machine: click once the page is settled.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var link = page.Locator("li.card .card-title a").First;
        var href = await link.GetAttributeAsync("href");
        await link.ClickAsync();
        await page.WaitForURLAsync("**" + href);
        var similar = page.Locator("section.similar");
        Assert.True(await similar.IsVisibleAsync());
        Assert.Equal("Similar papers", (await similar.Locator("h2").InnerTextAsync()).Trim());
        Assert.InRange(await similar.Locator("li.mini-card").CountAsync(), 1, 6);
        Assert.Equal(0, await similar.Locator($"a.mini-title[href='{href}']").CountAsync());
    }
}
