using Microsoft.Extensions.DependencyInjection;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.Votes;

/// <summary>
/// The button in headless Chromium: anonymous click → sign-in → back; signed-in click updates in place (no reload,
/// no CSP violation). Set DP_SCREENSHOTS to a folder to also save the feed and paper page (light/dark, phone/desktop).
/// </summary>
public sealed class VoteBrowserTests : IAsyncLifetime
{
    private readonly AccountsApp _app = new() { RealPort = true };

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Click_signs_in_then_upvotes_in_place()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        await _app.Factory.Services.GetRequiredService<DailyPapers.Storage.AccountStore>()
            .CreateAsync(handle, email, DailyPapers.Accounts.Passwords.Hash(AccountsApp.Password), confirmed: true);

        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        const string Feed = "/papers/date/2024-05-27";
        const string Id = "2405.15682";
        var button = page.Locator($"form[data-paper=\"{Id}\"] button");

        await page.GotoAsync(_app.BaseUrl + Feed);
        await button.ClickAsync();
        await page.WaitForURLAsync("**/account/signin?returnUrl=*");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", AccountsApp.Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync("**" + Feed);

        var before = int.Parse(await button.Locator(".vote-n").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("false", await button.GetAttributeAsync("aria-pressed"));
        await page.EvaluateAsync("() => { window.__noReload = true; }");
        await button.ClickAsync();
        await page.WaitForSelectorAsync($"form[data-paper=\"{Id}\"] button[aria-pressed=\"true\"]");
        Assert.Equal((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await button.Locator(".vote-n").InnerTextAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "the page reloaded");
        Assert.StartsWith("Remove upvote (", await button.GetAttributeAsync("aria-label"));
        await button.ClickAsync();
        await page.WaitForSelectorAsync($"form[data-paper=\"{Id}\"] button[aria-pressed=\"false\"]");
        Assert.Equal(before.ToString(System.Globalization.CultureInfo.InvariantCulture), await button.Locator(".vote-n").InnerTextAsync());
        await button.ClickAsync();
        await page.WaitForSelectorAsync($"form[data-paper=\"{Id}\"] button[aria-pressed=\"true\"]");
        Assert.Empty(errors); // no CSP violations or script errors

        if (Environment.GetEnvironmentVariable("DP_SCREENSHOTS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            foreach (var (name, width, height) in new[] { ("desktop", 1280, 900), ("phone", 390, 844) })
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });
                foreach (var (what, path) in new[] { ("feed", Feed), ("paper", "/papers/" + Id) })
                {
                    await page.GotoAsync(_app.BaseUrl + path);
                    await page.ScreenshotAsync(new() { Path = Path.Combine(dir, $"{what}-{name}-{scheme.ToString().ToLowerInvariant()}.png") });
                }
            }
        }
    }
}
