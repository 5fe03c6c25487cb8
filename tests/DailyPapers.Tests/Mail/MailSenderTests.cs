using DailyPapers.Mail;
using DailyPapers.TestSupport;
using MailKit.Net.Smtp;
using SmtpServer.Protocol;
using SmtpResponse = SmtpServer.Protocol.SmtpResponse;

namespace DailyPapers.Tests.Mail;

public sealed class MailSenderTests
{
    [Fact]
    public async Task Sends_multipart_mail_with_date_and_message_id_to_a_real_smtp_server()
    {
        await using var smtp = new TestSmtpServer();
        var sender = new MailSender(new SmtpSettings { Host = "127.0.0.1", Port = smtp.Port, Security = SmtpSecurity.None, FromAddress = "papers@example.org" });
        await sender.SendAsync(sender.Compose("reader@example.org", "Hello", "plain text", "<p>html</p>"));

        var m = await smtp.WaitForAsync(x => x.Subject == "Hello");
        Assert.Equal("papers@example.org", m.From.Mailboxes.Single().Address);
        Assert.EndsWith("@example.org", m.MessageId);
        Assert.Equal("plain text", m.TextBody?.Trim());
        Assert.Contains("<p>html</p>", m.HtmlBody);
        Assert.True(m.Date > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Theory]
    [InlineData(550, true)]
    [InlineData(451, false)]
    public async Task Refusals_are_classified_as_permanent_or_temporary(int code, bool permanent)
    {
        await using var smtp = new TestSmtpServer { Respond = _ => new SmtpResponse((SmtpReplyCode)code, "refused for the test") };
        var sender = new MailSender(new SmtpSettings { Host = "127.0.0.1", Port = smtp.Port, Security = SmtpSecurity.None });
        var e = await Assert.ThrowsAsync<SmtpCommandException>(() => sender.SendAsync(sender.Compose("x@example.org", "S", "T")));
        Assert.Equal(permanent, MailSender.IsPermanent(e));
    }

    [Fact]
    public async Task An_unreachable_server_is_a_temporary_failure()
    {
        var sender = new MailSender(new SmtpSettings { Host = "127.0.0.1", Port = 1, Security = SmtpSecurity.None, TimeoutSeconds = 5 });
        var e = await Assert.ThrowsAnyAsync<Exception>(() => sender.SendAsync(sender.Compose("x@example.org", "S", "T")));
        Assert.False(MailSender.IsPermanent(e));
    }
}
