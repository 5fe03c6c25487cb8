using DailyPapers.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.Collections;

/// <summary>
/// In headless Chromium: sign in, save a paper from its page into a new collection, open the collection, download
/// its BibTeX; the card's Save menu opens without script. Set DP_SCREENSHOTS to a folder to also save the
/// collection page, the paper page's control and an open card menu (light/dark, phone/desktop).
/// </summary>
public sealed class CollectionBrowserTests : IAsyncLifetime
{
    private readonly CollectionsApp _app = new(realPort: true);

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Save_a_paper_to_a_new_collection_and_download_its_bibtex()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        await _app.App.Factory.Services.GetRequiredService<DailyPapers.Storage.AccountStore>()
            .CreateAsync(handle, email, DailyPapers.Accounts.Passwords.Hash(AccountsApp.Password), confirmed: true);
        var baseUrl = _app.App.BaseUrl;

        var context = await browser.NewContextAsync(new() { AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        const string Id = "2405.15682";

        await page.GotoAsync(baseUrl + "/papers/" + Id);
        await page.ClickAsync(".paper-collect a:text('Sign in')");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", AccountsApp.Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync("**/papers/" + Id);

        await page.FillAsync(".paper-collect input[name=Title]", "Optimisers");
        await page.ClickAsync(".paper-collect button:text('Create & add')");
        await page.WaitForURLAsync("**/papers/" + Id);
        await page.ClickAsync(".paper-collect .collect-in a:text('Optimisers')");
        await page.WaitForURLAsync($"**/users/{handle}/collections/optimisers");
        Assert.Equal(1, await page.Locator(".collection-item").CountAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a:text('Download BibTeX')"));
        Assert.Equal("optimisers.bib", download.SuggestedFilename);
        var bib = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("eprint        = {2405.15682}", bib);

        // The card menu opens without script (<details>) and offers the new collection.
        await page.GotoAsync(baseUrl + "/papers/date/2024-05-27");
        var card = page.Locator($".card:has(a[href='/papers/{Id}'])");
        await card.Locator(".collect-toggle").ClickAsync();
        Assert.True(await card.Locator(".collect-panel select").IsVisibleAsync());
        Assert.Contains("✓ Optimisers", await card.Locator(".collect-panel select").InnerTextAsync());
        Assert.Empty(errors); // no CSP violations or script errors

        if (Environment.GetEnvironmentVariable("DP_SCREENSHOTS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            foreach (var (name, width, height) in new[] { ("desktop", 1280, 900), ("phone", 390, 844) })
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });
                var s = scheme.ToString().ToLowerInvariant();
                await page.GotoAsync($"{baseUrl}/users/{handle}/collections/optimisers");
                await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"collection-{name}-{s}.png"), FullPage = true });
                await page.GotoAsync($"{baseUrl}/papers/{Id}");
                await page.Locator(".paper-collect").ScrollIntoViewIfNeededAsync();
                await page.Locator(".bibtex").ScreenshotAsync(new() { Path = Path.Combine(dir, $"paper-bibtex-{name}-{s}.png") });
                await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"paper-collect-{name}-{s}.png") });
                await page.GotoAsync(baseUrl + "/papers/date/2024-05-27");
                await page.Locator($".card:has(a[href='/papers/{Id}']) .collect-toggle").ClickAsync();
                await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"card-collect-{name}-{s}.png") });
            }
        }
    }
}
