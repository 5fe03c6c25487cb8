using System.Text.RegularExpressions;
using DailyPapers.Papers;
using DailyPapers.Storage;
using static DailyPapers.Web.Tests.Digests.AlertsApp;

namespace DailyPapers.Web.Tests.Digests;

/// <summary>
/// Alerts set up through the pages reach the mailbox: an author alert in the digest's "New for your alert"
/// section and a saved search as its own mail, built and sent to the real test SMTP server.
/// </summary>
public sealed partial class AlertDigestTests(AlertsApp app) : IClassFixture<AlertsApp>
{
    [GeneratedRegex(@"[^\p{L}\p{N} ]+")]
    private static partial Regex Punctuation();

    [Fact]
    public async Task Alerts_set_on_the_pages_arrive_in_the_digest_and_as_their_own_mail()
    {
        var (client, email, _) = await app.SignedInUserAsync();
        Assert.Contains("Subscribed", await (await PostDigestAsync(client, "Subscribe", ("Cadence", "daily"))).Content.ReadAsStringAsync());

        // A paper featured in the Monday period (Sep 21–23) outside its top 10, so only the alert can bring it.
        var featured = (await app.Service<PaperStore>().GetFeedAsync(new(new DateOnly(2024, 9, 21), new DateOnly(2024, 9, 23)) { Limit = 100 })).Items.Select(i => i.Paper).ToList();
        Assert.True(featured.Count > 10, $"the fixture period has {featured.Count} papers");
        var paper = featured.Skip(10).First(p => p.Paper.Authors.Any(a => !a.Hidden));
        var author = paper.Paper.Authors.First(a => !a.Hidden).Name;
        var words = string.Join(' ', Punctuation().Replace(PaperText.CollapseWhitespace(paper.Paper.Title), " ").Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(5));
        var url = $"http://localhost/papers/{paper.Paper.ArxivId}";

        var r = await PostFromAsync(client, "/papers/" + paper.Paper.ArxivId, "/account/digest?handler=AddAlert", ("Kind", "author"), ("Value", author));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, r.StatusCode);
        r = await PostFromAsync(client, "/papers?q=" + Uri.EscapeDataString(words), "/account/digest?handler=SaveSearch", ("q", words), ("Delivery", "own"));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, r.StatusCode);

        await app.BuildAndSendAsync("daily:2024-09-23");
        var smtp = app.Accounts.Smtp;
        var digest = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == email) && m.Subject!.StartsWith("Daily Papers", StringComparison.Ordinal));
        var text = digest.TextBody!;
        var section = text.IndexOf($"New for your alert: papers by {author}", StringComparison.Ordinal);
        Assert.True(section > 0, text);
        Assert.True(text.IndexOf(url, section, StringComparison.Ordinal) > section, "the alert's paper is listed under the alert's heading");
        Assert.True(text.IndexOf(url, StringComparison.Ordinal) > section, "the paper is not among the top papers, only under the alert");
        Assert.Contains(System.Net.WebUtility.HtmlEncode(author), digest.HtmlBody);

        var own = await smtp.WaitForAsync(m => m.To.Mailboxes.Any(x => x.Address == email) && m.Subject!.StartsWith("New for your alerts", StringComparison.Ordinal));
        Assert.Contains($"New for your alert: search \u201c{words}\u201d", own.TextBody);
        Assert.Contains(url, own.TextBody);
        Assert.DoesNotContain("papers by " + author, own.TextBody); // the author alert goes in the digest, not here
        Assert.NotNull(own.Headers["List-Unsubscribe"]);
    }
}
