using DailyPapers.Web.Tests.Accounts;
using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.Submissions;

/// <summary>
/// The form in headless Chromium: sign in, fill it, land on the paper page with the note, no console errors (CSP).
/// Set DP_SCREENSHOTS to a folder to also save the form and the paper page (light/dark, phone/desktop).
/// </summary>
public sealed class SubmitBrowserTests : IAsyncLifetime
{
    private readonly SubmitApp _app = new() { RealPort = true };

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Menu_link_form_and_paper_page_work_in_a_browser()
    {
        var (_, handle, _) = await _app.UserAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await (await browser.NewContextAsync()).NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

        await page.GotoAsync(_app.BaseUrl + "/papers/submit");
        await page.WaitForURLAsync("**/account/signin?*");
        await page.FillAsync("#email", handle + "@example.org");
        await page.FillAsync("#password", AccountsApp.Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync("**/papers/submit");

        var shots = Environment.GetEnvironmentVariable("DP_SCREENSHOTS");
        if (shots is { Length: > 0 }) await ShootAsync(page, shots, "submit");

        var id = SubmitApp.NewId();
        await page.FillAsync("#paper", $"https://arxiv.org/abs/{id}");
        await page.FillAsync("#organization", "google");
        await page.FillAsync("#comment", "A clear definition of the field, with a reading list.");
        await page.FillAsync("#media", "https://example.org/talk.mp4");
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync($"**/papers/{id}?submitted=1");
        Assert.Contains("The paper is on today's feed.", await page.InnerTextAsync("main"));
        Assert.Contains($"@{handle}", await page.InnerTextAsync(".submission-note"));
        Assert.Empty(errors);

        if (shots is { Length: > 0 }) await ShootAsync(page, shots, "submitted-paper");
    }

    private static async Task ShootAsync(IPage page, string dir, string what)
    {
        Directory.CreateDirectory(dir);
        foreach (var (name, width, height) in new[] { ("desktop", 1280, 900), ("phone", 390, 844) })
        foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.SetViewportSizeAsync(width, height);
            await page.EmulateMediaAsync(new() { ColorScheme = scheme });
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"{what}-{name}-{scheme.ToString().ToLowerInvariant()}.png"), FullPage = true });
        }
    }
}
