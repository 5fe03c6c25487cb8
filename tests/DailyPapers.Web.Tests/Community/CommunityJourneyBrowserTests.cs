using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using DailyPapers.TestSupport;
using DailyPapers.Web.Tests.Accounts;
using DailyPapers.Web.Tests.Submissions;
using Microsoft.Playwright;

namespace DailyPapers.Web.Tests.Community;

/// <summary>
/// Issue 4's whole path in headless Chromium against the app on a real port, with a real SMTP server and a local
/// arXiv API: sign up → confirm with the link from the mail the app sent → submit a paper → upvote it → comment
/// with math → see the formula rendered → add the paper to a collection → download the collection's BibTeX.
/// </summary>
public sealed class CommunityJourneyBrowserTests : IAsyncLifetime
{
    private readonly TestSmtpServer _smtp = new();
    private readonly SubmitApp _app = new() { RealPort = true };

    public Task InitializeAsync()
    {
        _app.Settings["DailyPapers:Smtp:Host"] = "127.0.0.1";
        _app.Settings["DailyPapers:Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture);
        _app.Settings["DailyPapers:Smtp:Security"] = "None";
        return _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task Sign_up_confirm_submit_upvote_comment_with_math_collect_and_download_bibtex()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserTests.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        var baseUrl = _app.BaseUrl;

        // Sign up, then confirm with the link from the mail that reached the SMTP server.
        await page.GotoAsync(baseUrl + "/papers");
        await page.ClickAsync("text=Sign up");
        var handle = AccountsApp.NewHandle();
        var email = handle + "@example.org";
        await page.FillAsync("#handle", handle);
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", AccountsApp.Password);
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForSelectorAsync("text=Check your mail");
        var mail = await _smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == email) && (m.Subject ?? "").Contains("Confirm", StringComparison.Ordinal));
        var confirm = Regex.Match(mail.TextBody ?? "", @"https?://\S+?(/account/confirm\?\S+)").Groups[1].Value;
        Assert.NotEmpty(confirm);
        await page.GotoAsync(baseUrl + WebUtility.HtmlDecode(confirm));
        await page.ClickAsync("text=Confirm my email");
        await page.WaitForURLAsync("**/account/settings?done=welcome");

        // Submit a paper by its arXiv link; the app fetches it from the (local) arXiv API.
        var id = SubmitApp.NewId();
        await page.ClickAsync(".user-menu summary");
        await page.ClickAsync(".user-menu-panel a:text('Submit a paper')");
        await page.WaitForURLAsync("**/papers/submit");
        await page.FillAsync("#paper", $"https://arxiv.org/abs/{id}v1");
        await page.ClickAsync("main form button[type=submit]");
        await page.WaitForURLAsync($"**/papers/{id}?submitted=1");
        Assert.Contains($"@{handle}", await page.InnerTextAsync(".submission-note"));
        Assert.Equal(1, _app.Arxiv.TimesAsked(id));

        // Upvote in place (no reload): the count goes up by one and the button is pressed.
        var vote = page.Locator($"form[data-paper=\"{id}\"] button").First;
        var before = int.Parse(await vote.Locator(".vote-n").InnerTextAsync(), CultureInfo.InvariantCulture);
        await vote.ClickAsync();
        await page.WaitForSelectorAsync($"form[data-paper=\"{id}\"] button[aria-pressed=\"true\"]");
        Assert.Equal((before + 1).ToString(CultureInfo.InvariantCulture), await vote.Locator(".vote-n").InnerTextAsync());

        // Comment with math; KaTeX renders it.
        await page.FillAsync("#new-comment", "The key identity is $e^{i\\pi}+1=0$.");
        await page.ClickAsync("form.comment-form button[type=submit]");
        await page.WaitForURLAsync(new Regex("#comment-\\d+$"));
        var body = page.Locator(".comment .comment-body").First;
        await body.Locator(".katex").First.WaitForAsync();
        Assert.Equal("e^{i\\pi}+1=0", await body.Locator(".katex-mathml annotation").First.TextContentAsync());

        // Add to a new collection from the paper page, open it, download its BibTeX.
        await page.FillAsync(".paper-collect input[name=Title]", "Reading list");
        await page.ClickAsync(".paper-collect button:text('Create & add')");
        await page.WaitForURLAsync($"**/papers/{id}*");
        await page.ClickAsync(".paper-collect .collect-in a:text('Reading list')");
        await page.WaitForURLAsync($"**/users/{handle}/collections/reading-list");
        Assert.Equal(1, await page.Locator(".collection-item").CountAsync());
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a:text('Download BibTeX')"));
        var bib = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains($"eprint        = {{{id}}}", bib);
        Assert.Contains("archivePrefix = {arXiv}", bib);
        Assert.Contains("Defining Data Science", bib);

        // The vote and the comment are what the paper's counters say, on the feed's card too.
        await page.GotoAsync(baseUrl + $"/papers/{id}");
        Assert.Equal((before + 1).ToString(CultureInfo.InvariantCulture), await page.Locator($"form[data-paper=\"{id}\"] .vote-n").First.InnerTextAsync());
        Assert.Empty(errors); // no CSP violations or script errors along the way
    }
}
