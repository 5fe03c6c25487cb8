using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.Digests;

/// <summary>
/// The digest &amp; alerts page in a real headless Chromium, on a desktop and a phone viewport: reached from the
/// header menu, subscribe, follow an author from a paper page, and nothing wider than the screen. Set
/// DP_SCREENSHOTS to a folder to keep screenshots of each viewport.
/// </summary>
public sealed class AlertBrowserTests : IAsyncLifetime
{
    private readonly AlertsApp _app = new() { RealPort = true };

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("desktop", 1280, 900)]
    [InlineData("phone", 390, 844)]
    public async Task Manage_the_digest_and_follow_an_author_without_overflowing_the_screen(string name, int width, int height)
    {
        var (_, email, _) = await _app.SignedInUserAsync();
        var baseUrl = _app.Accounts.BaseUrl;
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = height } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

        await page.GotoAsync(baseUrl + "/account/signin");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Accounts.AccountsApp.Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForSelectorAsync(".user-menu");
        await page.ClickAsync(".user-menu summary");
        await page.ClickAsync(".user-menu-panel >> text=Digest & alerts");
        await page.WaitForURLAsync("**/account/digest");

        await page.CheckAsync("input[name=Cadence][value=weekly]");
        await page.ClickAsync("#subscription button[type=submit]");
        await page.WaitForSelectorAsync("text=Subscribed: a weekly digest");

        var paper = (await _app.Service<Storage.PaperStore>().GetFeedAsync(new(new DateOnly(2024, 9, 21), new DateOnly(2024, 9, 23)) { Limit = 5 })).Items[0].Paper.Paper;
        var shots = Environment.GetEnvironmentVariable("DP_SCREENSHOTS") is { Length: > 0 } d ? Directory.CreateDirectory(d).FullName : null;
        await page.GotoAsync(baseUrl + "/papers?q=diffusion");
        Assert.Equal(1, await page.Locator("form.save-search").CountAsync());
        Assert.Equal(0, await Overflow(page));
        if (shots is not null) await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"search-{name}.png") });
        await page.GotoAsync(baseUrl + "/papers/" + paper.ArxivId);
        Assert.Equal(0, await Overflow(page));
        if (shots is not null) await page.Locator(".alert-follow").ScreenshotAsync(new() { Path = Path.Combine(shots, $"paper-follow-{name}.png") });
        await page.ClickAsync("text=Alert me about this author");
        await page.WaitForSelectorAsync("text=Alert added: papers by");
        Assert.Equal(1, await page.Locator(".alert-list li.is-new").CountAsync());
        Assert.Equal(0, await Overflow(page));
        if (shots is not null) await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"account-digest-{name}.png"), FullPage = true });

        await page.ClickAsync(".alert-list button:has-text('Delete')");
        await page.WaitForSelectorAsync("text=Alert deleted");
        Assert.Equal(0, await page.Locator(".alert-list li").CountAsync());
        Assert.Empty(errors); // no CSP violations or script errors
    }

    /// <summary>How many pixels the page is wider than the viewport (0 when nothing sticks out).</summary>
    private static Task<int> Overflow(IPage page) =>
        page.EvaluateAsync<int>("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)");
}
