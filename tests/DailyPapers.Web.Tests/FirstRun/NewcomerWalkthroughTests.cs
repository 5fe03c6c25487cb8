using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.FirstRun;

/// <summary>
/// Issue 15's acceptance: on a clean checkout, the README's run command and then its first-run steps take a newcomer
/// from nothing to a confirmed account that upvoted a paper, without any mail server. The site runs as the README
/// says (its own process, the demo corpus imported on first start), the first admin is made with the README's
/// command, and a real browser does the rest: sign up, the admin reads the confirmation mail at /admin/mail, the
/// newcomer follows its link, confirms and upvotes a paper on the feed.
/// </summary>
[Collection(RunFromAnywhereTests.Name)]
public sealed partial class NewcomerWalkthroughTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("dp-newcomer-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
    }

    [GeneratedRegex(@"password \(shown once[^)]*\): (?<pw>\S+)")]
    private static partial Regex PrintedPassword();

    [Fact]
    public async Task Issue15_the_README_first_run_steps_get_a_newcomer_to_a_confirmed_account_that_upvoted_without_a_mail_server()
    {
        var port = RunFromAnywhereTests.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        // Only what a newcomer has: the defaults (demo corpus, no SMTP). The port and a throw-away data folder keep
        // the test away from a developer's own ./data; vectors are off to spare the CPU (search is not walked here).
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = baseUrl,
            ["DailyPapers__DataDir"] = _data,
            ["DailyPapers__Embeddings"] = "off",
        };
        var root = RunFromAnywhereTests.RepoRoot();

        // 1. The run command.
        await using var site = SiteProcess.Start("bash", ["-c", RunFromAnywhereTests.ReadmeCommand("run-command")], root, env);
        await site.WaitReadyAsync(baseUrl, TimeSpan.FromMinutes(6));

        // 2. The first admin, with the README's command; it prints the password once.
        var (code, output) = await SiteProcess.RunAsync("bash", ["-c", RunFromAnywhereTests.ReadmeCommand("first-admin-command")], root,
            TimeSpan.FromMinutes(4), env);
        Assert.True(code == 0, output);
        var adminPassword = PrintedPassword().Match(output).Groups["pw"].Value;
        Assert.False(string.IsNullOrEmpty(adminPassword), "create-admin printed no password:\n" + output);
        var adminEmail = Regex.Match(RunFromAnywhereTests.ReadmeCommand("first-admin-command"), @"--email (\S+)").Groups[1].Value;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var errors = new List<string>();

        // 3. The newcomer signs up (no SMTP server: the mail goes to DataDir/mail).
        var newcomer = await (await browser.NewContextAsync()).NewPageAsync();
        newcomer.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await newcomer.GotoAsync(baseUrl + "/account/signup");
        await newcomer.FillAsync("#handle", "newcomer");
        await newcomer.FillAsync("#email", "newcomer@example.org");
        await newcomer.FillAsync("#password", "correct horse battery staple 42");
        await newcomer.ClickAsync("main form button[type=submit]");
        await newcomer.WaitForSelectorAsync("text=Check your mail");
        Assert.Contains("so mail is not delivered", site.Output); // the start-up log said where mail goes

        // 4. The admin, in another browser, reads the confirmation mail at /admin/mail and passes its link on.
        var admin = await (await browser.NewContextAsync()).NewPageAsync();
        await admin.GotoAsync(baseUrl + "/account/signin");
        await admin.FillAsync("#email", adminEmail);
        await admin.FillAsync("#password", adminPassword);
        await admin.ClickAsync("main form button[type=submit]");
        await admin.WaitForURLAsync(u => !u.Contains("/account/signin", StringComparison.Ordinal));
        await admin.GotoAsync(baseUrl + "/admin/mail");
        Assert.Contains("Mail is not delivered: set DailyPapers:Smtp", await admin.InnerTextAsync(".mail-banner"));
        var mail = admin.Locator(".mail-item", new() { HasText = "newcomer@example.org" }).First;
        var link = await mail.Locator("a[href*='/account/confirm']").First.GetAttributeAsync("href");
        Assert.StartsWith(baseUrl + "/account/confirm", link);

        // 5. The newcomer follows it, confirms (signed in), and upvotes the first paper of the feed in place.
        await newcomer.GotoAsync(link!);
        await newcomer.ClickAsync("text=Confirm my email");
        await newcomer.WaitForURLAsync("**/account/settings?done=welcome");
        await newcomer.GotoAsync(baseUrl + "/papers");
        var vote = newcomer.Locator("li.card form button.vote-btn").First;
        var before = int.Parse(await vote.Locator(".vote-n").InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        await vote.ClickAsync();
        await newcomer.WaitForSelectorAsync("li.card form button.vote-btn[aria-pressed=\"true\"]");
        Assert.Equal(before + 1, int.Parse(await vote.Locator(".vote-n").InnerTextAsync(), NumberStyles.AllowThousands, CultureInfo.InvariantCulture));

        // And it stuck: a fresh load of the feed shows the vote as this account's.
        await newcomer.ReloadAsync();
        Assert.Equal("true", await newcomer.Locator("li.card form button.vote-btn").First.GetAttributeAsync("aria-pressed"));
        Assert.Empty(errors);
    }
}
