using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.Accounts;

/// <summary>Sign-up in a real headless Chromium: the form, the mail from the real SMTP server, the link, the header.</summary>
public sealed class AccountBrowserTests : IAsyncLifetime
{
    private readonly AccountsApp _app = new() { RealPort = true };
    private string _baseUrl => _app.BaseUrl;

    public Task InitializeAsync() => _app.InitializeAsync();

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Sign_up_open_the_mailed_link_and_see_the_handle_in_the_header()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

        await page.GotoAsync(_baseUrl + "/papers");
        await page.ClickAsync("text=Sign up");
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        await page.FillAsync("#handle", handle);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", AccountsApp.Password);
        // The header has a search form too: press the sign-up form's own button.
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForSelectorAsync("text=Check your mail");

        var link = await _app.LinkFromMailAsync(email, "Confirm your email");
        await page.GotoAsync(_baseUrl + link);
        await page.ClickAsync("text=Confirm my email");
        await page.WaitForURLAsync("**/account/settings?done=welcome");
        Assert.Equal(handle, (await page.Locator(".user-menu-name").InnerTextAsync()).Trim());

        // The menu opens without script and signs out with a POST.
        await page.ClickAsync(".user-menu summary");
        await page.ClickAsync(".user-menu-panel button");
        await page.WaitForSelectorAsync("text=Sign in");
        Assert.Equal(0, await page.Locator(".user-menu").CountAsync());
        Assert.Empty(errors); // no CSP violations or script errors
    }
}
