using System.Globalization;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.Issue16;

/// <summary>
/// Issue 16 in headless Chromium: the header's menu button on a phone (keyboard included), the author fold on a long
/// author list, and one number per count on a paper page before and after an upvote.
/// </summary>
public sealed class Issue16BrowserTests : IAsyncLifetime
{
    private readonly AccountsApp _app = new() { RealPort = true };

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    private static readonly string[] MenuLinks = ["Papers", "Trending", "Organisations", "Collections", "Submit", "RSS", "API"];

    [Fact]
    public async Task Issue16_1_phone_menu_button_opens_the_nav_and_its_links_are_reachable_by_keyboard()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } });
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.GotoAsync(_app.BaseUrl + "/papers/trending");

        var button = page.Locator(".nav-menu-button");
        var panel = page.Locator(".nav-menu-panel");
        Assert.True(await button.IsVisibleAsync(), "the menu button shows on a phone");
        Assert.False(await page.Locator(".site-header-inner > .site-nav").IsVisibleAsync(), "the inline links are folded away on a phone");
        Assert.False(await panel.IsVisibleAsync());

        // Keyboard only: focus the button, open it with Enter, Tab through every link in order.
        await button.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.True(await panel.IsVisibleAsync(), "Enter opens the menu");
        foreach (var label in MenuLinks)
        {
            await page.Keyboard.PressAsync("Tab");
            Assert.Equal(label, (await page.EvaluateAsync<string>("() => document.activeElement.textContent")).Trim());
            Assert.True(await page.EvaluateAsync<bool>("() => !!document.activeElement.closest('.nav-menu-panel')"));
        }
        // The header says where you are.
        Assert.Equal("page", await panel.Locator("a", new() { HasText = "Trending" }).GetAttributeAsync("aria-current"));
        Assert.Equal(1, await panel.Locator("a[aria-current=page]").CountAsync());

        // Escape closes it and gives focus back to the button.
        await page.Keyboard.PressAsync("Escape");
        Assert.False(await panel.IsVisibleAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => document.activeElement.classList.contains('nav-menu-button')"));

        // A click opens it too, and a link in it goes where it says.
        await button.ClickAsync();
        await panel.Locator("a", new() { HasText = "Organisations" }).ClickAsync();
        await page.WaitForURLAsync("**/organizations");
        Assert.Equal("page", await page.Locator(".nav-menu-panel a", new() { HasText = "Organisations" }).GetAttributeAsync("aria-current"));

        // Wide screens: the links sit in the header, no menu button.
        await page.SetViewportSizeAsync(1280, 900);
        Assert.False(await button.IsVisibleAsync());
        foreach (var label in MenuLinks.Take(5))
            Assert.True(await page.Locator(".site-header-inner > .site-nav a", new() { HasText = label }).IsVisibleAsync(), label + " is in the wide header");
        Assert.Empty(errors);
    }

    [Fact]
    public async Task Issue16_4_a_long_author_list_shows_the_first_ten_and_folds_the_rest()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        foreach (var width in new[] { 390, 1280 })
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = width, Height = 900 } });
            await page.GotoAsync(_app.BaseUrl + "/papers/2506.11928"); // 19 authors in the fixture
            var visible = page.Locator("#authors li.author:visible");
            Assert.Equal(10, await visible.CountAsync());
            var more = page.Locator(".authors-more > summary");
            Assert.Equal("+ 9 more authors", (await more.InnerTextAsync()).Trim());
            await more.ClickAsync();
            Assert.Equal(19, await visible.CountAsync());
            Assert.Equal("Show fewer authors", (await more.InnerTextAsync()).Trim());
            await more.ClickAsync();
            Assert.Equal(10, await visible.CountAsync());
            await page.CloseAsync();
        }

        // A short list (9 authors) has no fold.
        var shortList = await browser.NewPageAsync();
        await shortList.GotoAsync(_app.BaseUrl + "/papers/2608.20335");
        Assert.Equal(9, await shortList.Locator("#authors li.author:visible").CountAsync());
        Assert.Equal(0, await shortList.Locator(".authors-more").CountAsync());
    }

    [Fact]
    public async Task Issue16_2_counts_on_a_paper_page_agree_before_and_after_an_upvote()
    {
        const string Id = "2608.18580"; // 2 comments on Hugging Face in the fixture
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        var account = await _app.Factory.Services.GetRequiredService<AccountStore>()
            .CreateAsync(handle, email, DailyPapers.Accounts.Passwords.Hash(AccountsApp.Password), confirmed: true);
        var paper = await _app.Factory.Services.GetRequiredService<PaperStore>().GetAsync(Id);
        await _app.Factory.Services.GetRequiredService<CommentStore>().AddAsync(paper!.Id, account.Id, null, "A local comment with $x^2$.");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(_app.BaseUrl + "/account/signin?returnUrl=" + Uri.EscapeDataString("/papers/" + Id));
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", AccountsApp.Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync("**/papers/" + Id);

        // Comments: 1 here + 2 on Hugging Face = 3, said the same way everywhere.
        Assert.Equal("1", (await page.Locator(".comments-count").InnerTextAsync()).Trim());
        Assert.Contains("2 comments on Hugging Face", await page.Locator(".comments-head").InnerTextAsync());
        var sidebar = await page.Locator(".details").InnerTextAsync();
        Assert.Contains("3", sidebar);
        Assert.Contains("(1 here · 2 on Hugging Face)", sidebar);
        Assert.Equal(1, await page.Locator(".comment-list > li").CountAsync());

        // Upvotes: the button and the sidebar, before and after a vote without a reload.
        var button = page.Locator($"form[data-paper=\"{Id}\"] button");
        var side = page.Locator($"[data-upvotes-of=\"{Id}\"]");
        var before = int.Parse(await button.Locator(".vote-n").InnerTextAsync(), CultureInfo.InvariantCulture);
        Assert.Equal(before.ToString("N0", CultureInfo.InvariantCulture), (await side.InnerTextAsync()).Trim());
        await button.ClickAsync();
        await page.WaitForSelectorAsync($"form[data-paper=\"{Id}\"] button[aria-pressed=\"true\"]");
        Assert.Equal((before + 1).ToString(CultureInfo.InvariantCulture), await button.Locator(".vote-n").InnerTextAsync());
        Assert.Equal((before + 1).ToString("N0", CultureInfo.InvariantCulture), (await side.InnerTextAsync()).Trim());
        // And a reload agrees with what the page showed.
        await page.ReloadAsync();
        Assert.Equal((before + 1).ToString("N0", CultureInfo.InvariantCulture), (await side.InnerTextAsync()).Trim());
        Assert.Equal((before + 1).ToString(CultureInfo.InvariantCulture), await button.Locator(".vote-n").InnerTextAsync());
    }
}
