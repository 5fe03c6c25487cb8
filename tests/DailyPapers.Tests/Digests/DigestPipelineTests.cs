using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using DailyPapers.TestSupport;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SmtpServer.Protocol;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace DailyPapers.Tests.Digests;

/// <summary>Builder and sender against a real database and a real SMTP server.</summary>
public sealed class DigestPipelineTests : IAsyncLifetime
{
    private static readonly DigestPeriod Monday = DigestPeriod.Parse("daily:2025-06-16");
    private readonly TestSmtpServer _smtp = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2025-06-17T07:00:00Z"));
    private TestDatabase _t = null!;
    private DigestStore _store = null!;
    private PaperStore _papers = null!;

    public async Task InitializeAsync()
    {
        _t = await TestDatabase.CreateAsync("sqlite");
        _store = new DigestStore(_t.Db, _clock);
        _papers = await DigestSeed.StandardAsync(_t.Db);
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        await _t.DisposeAsync();
    }

    private DigestBuilder Builder() => new(_store, _papers, new AppState(_t.Db, _clock), DigestSeed.Settings, clock: _clock);

    private DigestSender Sender() => new(_store,
        new MailSender(new SmtpSettings { Host = "127.0.0.1", Port = _smtp.Port, Security = SmtpSecurity.None, FromAddress = "digest@papers.test" }),
        DigestSeed.Settings, new DigestTokens(new byte[32], _clock), clock: _clock);

    [Fact]
    public async Task A_period_is_built_once_and_each_reader_gets_the_top_papers_and_their_alerts()
    {
        var users = await _store.AddUsersAsync(["alice"]);
        await _store.ImportConfirmedAsync([("plain@example.org", Cadence.Daily, null), ("weekly@example.org", Cadence.Weekly, null), ("alice@example.org", Cadence.Daily, users[0])]);
        await _store.AddAlertAsync(users[0], AlertKind.Organization, "google", AlertDelivery.Digest);
        await _store.AddAlertAsync(users[0], AlertKind.Author, "Grace Hopper", AlertDelivery.Own);
        await _store.AddAlertAsync(users[0], AlertKind.Author, "Nobody Atall", AlertDelivery.Own);

        var report = await Builder().BuildAsync(Monday);
        Assert.Equal(4, report.Papers);
        Assert.Equal(2, report.Subscribers);
        Assert.Equal(3, report.Queued); // two digests and alice's own alert mail
        Assert.Equal(0, (await Builder().BuildAsync(Monday)).Queued); // built once

        var sent = await Sender().SendDueAsync();
        Assert.Equal(3, sent.Sent);
        Assert.Equal(0, (await Sender().SendDueAsync()).Sent);

        var trending = (await _papers.GetFeedAsync(new FeedQuery(Monday.From, Monday.To))).Items.Select(i => i.Paper.Paper.ArxivId).Take(3).ToList();
        Assert.Equal(["2506.00002", "2506.00003", "2506.00001"], trending); // upvotes decide within one day
        var plain = Assert.Single(_smtp.To("plain@example.org"));
        var positions = trending.Select(id => plain.TextBody!.IndexOf($"http://papers.test/papers/{id}", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.DoesNotContain("2506.00004", plain.TextBody); // fourth: not in a top 3
        Assert.DoesNotContain("2506.00005", plain.TextBody); // Tuesday's paper
        Assert.Contains("2506.00002", plain.HtmlBody);
        Assert.DoesNotContain("<style", plain.HtmlBody);
        Assert.DoesNotContain("<img", plain.HtmlBody);
        Assert.Equal("bulk", plain.Headers["Precedence"]);
        Assert.Contains("<daily.digest.papers.test>", plain.Headers["List-Id"]);
        Assert.Matches(@"^<http://papers\.test/digest/unsubscribe\?token=[\w-]+>, <mailto:digest@papers\.test\?subject=unsubscribe%20[\w-]+>$", plain.Headers["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", plain.Headers["List-Unsubscribe-Post"]);
        Assert.Empty(_smtp.To("weekly@example.org"));

        var alice = _smtp.To("alice@example.org").ToList();
        Assert.Equal(2, alice.Count);
        var digest = alice.Single(m => m.Subject!.StartsWith("Daily Papers", StringComparison.Ordinal));
        Assert.Contains("New for your alert: papers from google", digest.TextBody);
        var own = alice.Single(m => m.Subject!.StartsWith("New for your alerts", StringComparison.Ordinal));
        Assert.Contains("papers by Grace Hopper", own.TextBody);
        Assert.Contains("2506.00002", own.TextBody);
        Assert.DoesNotContain("Nobody Atall", own.TextBody);
        Assert.NotEqual(digest.MessageId, own.MessageId);
    }

    [Fact]
    public async Task A_period_without_papers_sends_nothing_and_moves_the_mark()
    {
        await _store.ImportConfirmedAsync([("plain@example.org", Cadence.Daily, null)]);
        var report = await Builder().BuildAsync(DigestPeriod.Parse("daily:2025-06-18"));
        Assert.True(report.NothingToSend);
        Assert.Empty(await _store.OutboxCountsAsync());
        Assert.Equal(0, (await Sender().SendDueAsync()).Sent);
        Assert.Empty(_smtp.Messages);
        Assert.Equal("daily:2025-06-18", await new AppState(_t.Db).GetAsync(DigestBuilder.HighWaterKey(Cadence.Daily)));
    }

    [Fact]
    public async Task A_temporary_failure_is_retried_later_and_delivered()
    {
        await _store.ImportConfirmedAsync([("later@example.org", Cadence.Daily, null)]);
        await Builder().BuildAsync(Monday);
        var refusals = 0;
        _smtp.Respond = _ => Interlocked.Increment(ref refusals) == 1 ? new SmtpResponse((SmtpReplyCode)451, "greylisted, try later") : null;

        Assert.Equal(1, (await Sender().SendDueAsync()).Retrying);
        Assert.Equal(0, (await Sender().SendDueAsync()).Sent); // not due before the backoff
        _clock.Advance(TimeSpan.FromSeconds(DigestSeed.Settings.RetryBaseSeconds + 1));
        Assert.Equal(1, (await Sender().SendDueAsync()).Sent);
        Assert.Single(_smtp.To("later@example.org"));
        Assert.Equal(1, (await _store.OutboxCountsAsync())["sent"]);
    }

    [Fact]
    public async Task A_permanent_failure_marks_the_reader_bounced_and_nothing_more_is_built_for_them()
    {
        await _store.ImportConfirmedAsync([("gone@example.org", Cadence.Daily, null), ("fine@example.org", Cadence.Daily, null)]);
        await Builder().BuildAsync(Monday);
        _smtp.Respond = m => m.To.Mailboxes.Any(x => x.Address == "gone@example.org") ? new SmtpResponse((SmtpReplyCode)550, "no such mailbox") : null;

        var report = await Sender().SendDueAsync();
        Assert.Equal(1, report.Bounced);
        Assert.Equal(1, report.Sent); // the connection goes on after a refusal
        var gone = await _store.FindAsync("gone@example.org");
        Assert.Equal("bounced", gone!.Status);
        Assert.Contains("550", gone.BounceReason);

        _clock.Advance(TimeSpan.FromDays(1));
        var next = await Builder().BuildAsync(DigestPeriod.Parse("daily:2025-06-17"));
        Assert.Equal(1, next.Subscribers);
    }

    [Fact]
    public async Task An_unreachable_server_leaves_the_outbox_untouched()
    {
        await _store.ImportConfirmedAsync([("wait@example.org", Cadence.Daily, null)]);
        await Builder().BuildAsync(Monday);
        var sender = new DigestSender(_store, new MailSender(new SmtpSettings { Host = "127.0.0.1", Port = 1, Security = SmtpSecurity.None, TimeoutSeconds = 5 }),
            DigestSeed.Settings, new DigestTokens(new byte[32], _clock), clock: _clock);
        var report = await sender.SendDueAsync();
        Assert.True(report.ServerUnavailable);
        var row = Assert.Single(await _store.DueAsync(0, 10));
        Assert.Equal(0, row.Attempts);
    }
}
