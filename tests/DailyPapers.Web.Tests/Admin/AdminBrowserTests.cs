using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.Admin;

/// <summary>
/// /admin/users in a real headless Chromium, wide and phone-sized, light and dark, without script errors or CSP
/// violations: find a user from the menu, change their role with the row's form. Set DP_SCREENSHOTS to a folder
/// to keep screenshots.
/// </summary>
public sealed class AdminBrowserTests : IAsyncLifetime
{
    private readonly AccountsApp _app = new() { RealPort = true };

    public Task InitializeAsync() => _app.InitializeAsync();
    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task An_admin_opens_users_from_the_menu_and_changes_a_role_on_wide_and_phone_screens()
    {
        var accounts = _app.Factory.Services.GetRequiredService<AccountStore>();
        var admin = AccountsApp.NewHandle();
        await accounts.CreateAsync(admin, admin + "@example.org", Passwords.Hash(AccountsApp.Password), Role.Admin, confirmed: true);
        var people = new List<string>();
        foreach (var (i, role) in new[] { (1, Role.User), (2, Role.Moderator), (3, Role.User), (4, Role.User) })
        {
            var h = $"member{i}-{AccountsApp.NewHandle()}";
            people.Add(h);
            await accounts.CreateAsync(h, $"{h}@university-with-a-long-name.example.edu", Passwords.Hash(AccountsApp.Password), role, confirmed: i != 3);
        }
        var lockedId = (await accounts.FindByHandleAsync(people[3]))!.Id;
        await accounts.RecordFailedSigninAsync(lockedId, 1, TimeSpan.FromHours(1));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var shots = Environment.GetEnvironmentVariable("DP_SCREENSHOTS");
        var runs = new[]
        {
            (ColorScheme.Light, 1280, "wide", people[0], Role.Moderator), (ColorScheme.Dark, 390, "phone", people[2], Role.Moderator),
            (ColorScheme.Light, 390, "phone", people[3], Role.Moderator), (ColorScheme.Dark, 1280, "wide", people[1], Role.Admin),
        };
        foreach (var (scheme, width, size, target, newRole) in runs)
        {
            var page = await browser.NewPageAsync(new() { ColorScheme = scheme, ViewportSize = new() { Width = width, Height = 900 } });
            var errors = new List<string>();
            page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };

            await page.GotoAsync(_app.BaseUrl + "/account/signin");
            await page.FillAsync("#email", admin + "@example.org");
            await page.FillAsync("#password", AccountsApp.Password);
            await page.ClickAsync("main form button[type=submit]");
            await page.WaitForURLAsync(u => !u.Contains("/account/signin"));

            await page.ClickAsync(".user-menu summary");
            await page.ClickAsync(".user-menu-panel a[href='/admin/users']");
            await page.WaitForSelectorAsync("h1:text('Users')");
            Assert.Equal(1, await page.Locator(".user-menu-panel a[href='/moderation/claims']").CountAsync());
            if (shots is not null)
            {
                Directory.CreateDirectory(shots);
                await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"admin-users-{size}-{scheme}.png"), FullPage = true });
            }

            var id = (await accounts.FindByHandleAsync(target))!.Id;
            await page.FillAsync("#user-search", target);
            await page.ClickAsync("form.admin-filter button[type=submit]");
            await page.WaitForSelectorAsync("text=1 user matching");
            await page.SelectOptionAsync($"#role-{id}", AccountStore.RoleName(newRole));
            await page.ClickAsync($"#user-{id} button[type=submit]");
            await page.WaitForSelectorAsync($"text={target} is now");
            if (shots is not null)
                await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"admin-users-changed-{size}-{scheme}.png"), FullPage = true });
            Assert.Equal(newRole, (await accounts.FindByIdAsync(id))!.Role);
            Assert.Equal(target, await page.InputValueAsync("#user-search")); // the filter survives the post
            Assert.Empty(errors);
            await page.CloseAsync();
        }
    }
}
