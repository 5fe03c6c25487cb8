using DailyPapers.Community;
using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.Comments;

/// <summary>
/// The discussion in headless Chromium: post a comment with math through the form (no script of ours involved)
/// and see KaTeX render it; reply through the details form. Set DP_SCREENSHOTS to a folder to also save the
/// thread (light/dark, phone/desktop, and a moderator's view).
/// </summary>
public sealed class CommentBrowserTests : IAsyncLifetime
{
    private readonly CommentsApp _app = new(realPort: true);

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    private static async Task SignInAsync(IPage page, string baseUrl, string email, string returnUrl)
    {
        await page.GotoAsync($"{baseUrl}/account/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", Accounts.AccountsApp.Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync("**" + returnUrl);
    }

    [Fact]
    public async Task A_comment_with_math_shows_the_rendered_formula()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        const string Id = "2405.15682";
        var ada = await _app.AccountAsync();
        var bob = await _app.AccountAsync();
        var store = _app.Service<DailyPapers.Storage.CommentStore>();
        var paperId = (await _app.Service<DailyPapers.Storage.PaperStore>().GetAsync(Id))!.Id;
        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

        await SignInAsync(page, _app.App.BaseUrl, ada.Email, "/papers/" + Id);
        await page.FillAsync("#new-comment", "Euler says $e^{i\\pi}+1=0$, and **bold** claims need\n\n$$\n\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}\n$$");
        await page.ClickAsync("form.comment-form button[type=submit]");
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("#comment-\\d+$"));

        var body = page.Locator(".comment .comment-body").First;
        await body.Locator(".katex").First.WaitForAsync();
        Assert.Equal(2, await body.Locator(".katex").CountAsync());
        Assert.Equal(1, await body.Locator(".katex-display").CountAsync());
        Assert.Equal("e^{i\\pi}+1=0", await body.Locator(".katex-mathml annotation").First.TextContentAsync());
        Assert.Contains("<strong>bold</strong>", await body.InnerHTMLAsync());

        // A reply through the details form, without our script: lands on its own anchor under the comment.
        await page.ClickAsync(".comment-action > summary:text('Reply')");
        await page.FillAsync(".comment-action[open] textarea", $"Agreed, @{bob.Handle}: $x^2$ too.");
        await page.ClickAsync(".comment-action[open] button[type=submit]");
        await page.WaitForSelectorAsync(".comment-replies .comment .katex");
        Assert.Empty(errors); // no CSP violations or script errors

        if (Environment.GetEnvironmentVariable("DP_SCREENSHOTS") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            var added = await store.AddAsync(paperId, bob.Id, null, $"Table 2 compares against **LLaMA-2**, @{ada.Handle}; the code is at https://github.com/example/repo. `pip install x`");
            Assert.True(added.Outcome == DailyPapers.Storage.CommentOutcome.Ok, added.Error);
            var mod = await _app.AccountAsync(Role.Moderator);
            var spam = (await store.AddAsync(paperId, bob.Id, null, "cheap pills here")).Comment!;
            await store.HideAsync(spam.Id, mod.Id, "spam");
            foreach (var (name, width, height) in new[] { ("desktop", 1280, 1000), ("phone", 390, 844) })
            foreach (var scheme in new[] { ColorScheme.Light, ColorScheme.Dark })
            {
                await page.SetViewportSizeAsync(width, height);
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });
                await page.GotoAsync($"{_app.App.BaseUrl}/papers/{Id}?view={name}-{scheme}"); // a new document each time, not a same-page #hash jump
                await page.Locator(".comment .katex").First.WaitForAsync();
                await page.Locator("#comments").ScreenshotAsync(new() { Path = Path.Combine(dir, $"comments-{name}-{scheme.ToString().ToLowerInvariant()}.png") });
            }
            await page.ClickAsync(".comment-action > summary:text('Edit')");
            await page.Locator("#comments").ScreenshotAsync(new() { Path = Path.Combine(dir, "comments-phone-dark-editing.png") });
            await page.GotoAsync($"{_app.App.BaseUrl}/account/notifications");
            await page.ScreenshotAsync(new() { Path = Path.Combine(dir, "notifications-phone-dark.png") });
            var modPage = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } })).NewPageAsync();
            await SignInAsync(modPage, _app.App.BaseUrl, mod.Email, "/papers/" + Id);
            await modPage.Locator("#comments").ScreenshotAsync(new() { Path = Path.Combine(dir, "comments-phone-light-moderator.png") });
            await modPage.GotoAsync($"{_app.App.BaseUrl}/moderation/comments");
            await modPage.Locator(".mod-comment .katex").First.WaitForAsync();
            await modPage.ScreenshotAsync(new() { Path = Path.Combine(dir, "moderation-comments-phone-light.png"), FullPage = true });
            await modPage.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await modPage.SetViewportSizeAsync(1280, 900);
            await modPage.ScreenshotAsync(new() { Path = Path.Combine(dir, "moderation-comments-desktop-dark.png"), FullPage = true });
            var anon = await (await browser.NewContextAsync(new() { ViewportSize = new() { Width = 390, Height = 844 } })).NewPageAsync();
            await anon.GotoAsync($"{_app.App.BaseUrl}/papers/{Id}");
            await anon.Locator("#comments").ScreenshotAsync(new() { Path = Path.Combine(dir, "comments-phone-light-anonymous.png") });
        }
    }
}
