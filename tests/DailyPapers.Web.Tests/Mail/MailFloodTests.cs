using DailyPapers.Mail;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using DailyPapers.Web.Tests.Comments;

namespace DailyPapers.Web.Tests.Mail;

/// <summary>
/// Issue 10 point 3: 24 comments each mentioning 55 people filled an in-memory queue of 1,000, and mention mails and
/// a password-reset mail were dropped without a word. Now mentions are capped per comment, one person gets one
/// notification mail per window, and account mail goes through the durable outbox first.
/// </summary>
public sealed class MailFloodTests : IAsyncLifetime
{
    private const string Paper = "2405.15738";
    private const int Comments = 24, Mentioned = 55, Cap = 10; // Cap: the default DailyPapers:Comments:MaxMentionsNotified
    private readonly CommentsApp _app = new();

    public Task InitializeAsync()
    {
        _app.App.Settings["DailyPapers:Comments:PerWindow"] = "100";
        return _app.InitializeAsync();
    }

    public Task DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Issue10_a_mention_flood_with_a_slow_smtp_server_loses_no_mail_and_a_reset_mail_is_still_delivered()
    {
        var smtp = _app.App.Smtp;
        smtp.Respond = _ => { Thread.Sleep(25); return null; }; // a slow server: at most 40 mails a second
        var writer = await _app.SignedInAsync();
        var people = new List<(long Id, string Handle, string Email)>();
        for (var i = 0; i < Mentioned; i++) people.Add(await AccountAsync());
        var mentions = string.Join(" ", people.Select(p => "@" + p.Handle));
        for (var i = 0; i < Comments; i++)
            await CommentsApp.CommentAsync(writer.Client, Paper, $"Flood {i}: {mentions}");

        // Meanwhile someone asks for a password reset: the mail arrives, and its link works.
        var victim = await AccountAsync();
        var client = _app.App.Client();
        await AccountsApp.PostFormAsync(client, "/account/forgot", new Dictionary<string, string> { ["Email"] = victim.Email });
        var link = await _app.App.LinkFromMailAsync(victim.Email, "Reset your DailyPapers password");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(link)).StatusCode);

        // The first ten mentioned of each comment are notified, and every notice is kept (none dropped); the rest
        // are counted as not notified.
        var counters = _app.Service<MailCounters>();
        Assert.Equal(Comments * (Mentioned - Cap), counters.MentionsCapped);
        var store = _app.Service<DigestStore>();
        var rows = await store.OutboxCountsAsync();
        Assert.Equal(Comments * Cap + 1, rows.GetValueOrDefault("queued") + rows.GetValueOrDefault("sent"));
        Assert.False(rows.ContainsKey("dropped"));

        // Once nothing is due any more, each notified person has had exactly one mail: later notices wait for the
        // end of the window and then go out together.
        var until = DateTime.UtcNow.AddSeconds(60);
        while ((await store.DueAsync(0, 10, priority: (int)MailPriority.Notification)).Count > 0 || Notified(people.Take(Cap)) < Cap)
        {
            Assert.True(DateTime.UtcNow < until, $"notifications still due after 60 s; {smtp.Messages.Count} mails so far");
            await Task.Delay(100);
        }
        foreach (var p in people.Take(Cap))
        {
            var mail = Assert.Single(smtp.To(p.Email));
            Assert.Contains($"Flood 0: @{people[0].Handle}", mail.TextBody);
        }
        Assert.All(people.Skip(Cap), p => Assert.Empty(smtp.To(p.Email)));
        // Notices that came in while a person's first mail was on its way went out in it; the rest still wait.
        var carried = people.Take(Cap).Sum(p => System.Text.RegularExpressions.Regex.Count(smtp.To(p.Email).Single().TextBody!, @"Flood \d+:"));
        Assert.Equal(Comments * Cap, carried + await store.QueuedMailCountAsync(MailKind.Notification));
        Assert.Equal(0, counters.GivenUp + counters.Bounced + counters.Dropped);

        int Notified(IEnumerable<(long, string, string Email)> who) => who.Count(p => smtp.To(p.Email).Any());
    }

    /// <summary>A confirmed account that never signs in (no password hashing: 56 of them would cost a minute of CPU).</summary>
    private async Task<(long Id, string Handle, string Email)> AccountAsync()
    {
        var handle = AccountsApp.NewHandle();
        var created = await _app.Service<AccountStore>().CreateAsync(handle, handle + "@example.org", "not a hash", confirmed: true);
        return (created.Id, handle, handle + "@example.org");
    }
}
