using DailyPapers.Digests;
using DailyPapers.Mail;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using DailyPapers.TestSupport;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SmtpServer.Protocol;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace DailyPapers.Tests.Mail;

/// <summary>
/// The one mail outbox (issues 10 and 11): account mail first, notifications coalesced per person and window, the
/// digest outbox's retry and failure rules for every mail, counted when not sent; on both dialects with a real SMTP server.
/// </summary>
public sealed class MailOutboxTests : IAsyncDisposable
{
    private readonly TestSmtpServer _smtp = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-03-02T09:00:00Z"));
    private readonly MailCounters _counters = new();
    private readonly List<string> _warnings = [];
    private readonly MailSettings _mailSettings = new() { NotificationWindowMinutes = 10 };
    // One connection: the order the server sees is the order the sender chose.
    private readonly DigestSettings _settings = new() { PublicUrl = "http://papers.test", SendConnections = 1, RetryBaseSeconds = 60, MaxAttempts = 3 };
    private TestDatabase _t = null!;
    private DigestStore _store = null!;
    private MailSender _mail = null!;
    private MailOutbox _outbox = null!;

    private async Task OpenAsync(string dialect)
    {
        _t = await TestDatabase.CreateAsync(dialect);
        _store = new DigestStore(_t.Db, _clock);
        _mail = new MailSender(new SmtpSettings { Host = "127.0.0.1", Port = _smtp.Port, Security = SmtpSecurity.None, FromAddress = "site@papers.test" });
        _outbox = new MailOutbox(_store, _mail, _mailSettings, _counters);
    }

    public async ValueTask DisposeAsync()
    {
        await _smtp.DisposeAsync();
        if (_t is not null) await _t.DisposeAsync();
        _counters.Dispose();
    }

    private Task<SendReport> SendAsync() =>
        new DigestSender(_store, _mail, _settings, new DigestTokens(new byte[32], _clock), clock: _clock, counters: _counters,
            mailSettings: _mailSettings, warn: _warnings.Add).SendDueAsync();

    private static bool IsTo(MimeMessage m, string address) => m.To.Mailboxes.Any(x => x.Address == address);

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Account_mail_queued_after_a_flood_of_notifications_is_sent_first(string dialect)
    {
        await OpenAsync(dialect);
        for (var i = 0; i < 250; i++) // more than a page of the sender's reads
            await _outbox.NotifyAsync($"reader{i:D3}@example.org", "@bob mentioned you", $"mention {i}");
        await _outbox.EnqueueAsync(MailKind.Account, MailPriority.Account, "victim@example.org", "Reset your DailyPapers password", "reset link");

        var report = await SendAsync();

        Assert.Equal(251, report.Sent);
        Assert.True(IsTo(_smtp.Messages.First(), "victim@example.org"), $"first mail went to {_smtp.Messages.First().To}");
        Assert.Equal(251, _counters.Sent);
        Assert.Equal(0, _counters.NotSent);
        Assert.Equal(0, await _store.QueuedMailCountAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Notifications_to_one_person_within_the_window_go_out_together_as_one_mail(string dialect)
    {
        await OpenAsync(dialect);
        foreach (var n in new[] { "first", "second", "third" }) await _outbox.NotifyAsync("ada@example.org", $"@bob mentioned you ({n})", $"mention: {n}");
        await _outbox.NotifyAsync("grace@example.org", "@bob replied to your comment", "reply: only one");

        Assert.Equal(2, (await SendAsync()).Sent);
        var ada = Assert.Single(_smtp.To("ada@example.org"));
        Assert.Equal("3 new mentions and replies on DailyPapers", ada.Subject);
        Assert.Contains("mention: first", ada.TextBody);
        Assert.Contains("mention: third", ada.TextBody);
        Assert.Contains("http://papers.test/account/notifications", ada.TextBody);
        Assert.Equal("@bob replied to your comment", Assert.Single(_smtp.To("grace@example.org")).Subject);

        // Within the window after that mail: the next ones wait, and then go out together.
        _clock.Advance(TimeSpan.FromMinutes(1));
        await _outbox.NotifyAsync("ada@example.org", "@carol mentioned you", "mention: fourth");
        await _outbox.NotifyAsync("ada@example.org", "@dan mentioned you", "mention: fifth");
        // As if queued while the last mail was still on its way (then nothing was sent yet, so it was due at once).
        await _store.EnqueueMailAsync(new OutgoingMail(MailKind.Notification, MailPriority.Notification, "ada@example.org", "@eve mentioned you",
            "mention: raced", null, _mail.NewMessageId()));
        Assert.Equal(0, (await SendAsync()).Sent);
        _clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(1, (await SendAsync()).Sent);
        var later = _smtp.To("ada@example.org").Last();
        Assert.Equal("3 new mentions and replies on DailyPapers", later.Subject);
        Assert.Contains("mention: raced", later.TextBody);
        Assert.Contains("mention: fourth", later.TextBody);
        Assert.Contains("mention: fifth", later.TextBody);
        Assert.DoesNotContain("mention: first", later.TextBody);
        Assert.Equal(2, _smtp.To("ada@example.org").Count());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Account_mail_follows_the_outbox_retry_rules_and_what_is_not_sent_is_logged_and_counted(string dialect)
    {
        await OpenAsync(dialect);
        _smtp.Respond = m => IsTo(m, "busy@example.org") ? new SmtpResponse((SmtpReplyCode)451, "busy, try later")
            : IsTo(m, "gone@example.org") ? new SmtpResponse(SmtpReplyCode.MailboxNameNotAllowed, "no such user") : null;
        await _outbox.EnqueueAsync(MailKind.Account, MailPriority.Account, "busy@example.org", "Confirm your email", "link");
        await _outbox.EnqueueAsync(MailKind.Account, MailPriority.Account, "gone@example.org", "Confirm your email", "link");

        var first = await SendAsync();
        Assert.Equal((0, 1, 1), (first.Sent, first.Retrying, first.Bounced));
        Assert.Equal(1, _counters.Bounced);
        Assert.Equal(1, _counters.NotSent);
        var warning = Assert.Single(_warnings);
        Assert.Contains("go***@example.org", warning);
        Assert.DoesNotContain("gone@example.org", warning); // never a full address in the log

        Assert.Equal(0, (await SendAsync()).Retrying); // not due before the backoff
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, (await SendAsync()).Retrying);
        _clock.Advance(TimeSpan.FromSeconds(121));
        var last = await SendAsync();
        Assert.Equal(1, last.Failed); // third attempt of three: given up
        Assert.Equal(1, _counters.GivenUp);
        Assert.Equal(2, _counters.NotSent);
        Assert.Contains(_warnings, w => w.Contains("giving up after 3 attempts", StringComparison.Ordinal));
        Assert.Equal(0, await _store.QueuedMailCountAsync());

        _smtp.Respond = null;
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, (await SendAsync()).Sent); // failed and bounced rows stay failed
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public async Task Without_an_smtp_host_each_mail_is_written_whole_as_an_eml_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dp-mail-" + Guid.NewGuid().ToString("N"));
        try
        {
            var sender = new MailSender(new SmtpSettings { FromAddress = "site@papers.test" }, folder);
            Assert.True(sender.WritesFiles);
            Assert.Equal($"files in {folder}", sender.Transport);
            await sender.SendAsync(sender.Compose("reader@example.org", "Confirm your email", "open http://papers.test/account/confirm?token=abc"));
            await sender.SendAsync(sender.Compose("other@example.org", "Second", "text"));

            var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(2, files.Count);
            Assert.All(files, f => Assert.EndsWith(".eml", f)); // no temporary file left behind
            var first = await MimeMessage.LoadAsync(files[0]);
            Assert.Equal("Confirm your email", first.Subject);
            Assert.Equal("reader@example.org", first.To.Mailboxes.Single().Address);
            Assert.Contains("http://papers.test/account/confirm?token=abc", first.TextBody);
            Assert.Equal("Second", (await MimeMessage.LoadAsync(files[1])).Subject);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, true);
        }
    }
}
