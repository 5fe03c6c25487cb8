using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Utils;

namespace DailyPapers.Mail;

public enum SmtpSecurity { None, StartTlsWhenAvailable, StartTls, SslOnConnect }

/// <summary>Outgoing mail settings ("DailyPapers:Smtp" section). The password is never logged.</summary>
public sealed record SmtpSettings
{
    public string Host { get; init; } = "localhost";
    public int Port { get; init; } = 25;
    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTlsWhenAvailable;
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string FromAddress { get; init; } = "dailypapers@localhost";
    public string FromName { get; init; } = "DailyPapers";
    public int TimeoutSeconds { get; init; } = 30;

    public override string ToString() => $"smtp://{(Username is null ? "" : Username + "@")}{Host}:{Port} ({Security})";
}

/// <summary>
/// Sends mail through the configured SMTP server with MailKit. <see cref="OpenAsync"/> keeps one connection for
/// many messages (digests); <see cref="SendAsync"/> sends one.
/// </summary>
public sealed class MailSender(SmtpSettings settings)
{
    public SmtpSettings Settings => settings;

    /// <summary>A message with the site as sender and the headers every mail needs (Date, Message-ID).</summary>
    public MimeMessage Compose(string to, string subject, string text, string? html = null)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        m.To.Add(MailboxAddress.Parse(to));
        m.Subject = subject;
        m.Date = DateTimeOffset.UtcNow;
        m.MessageId = MimeUtils.GenerateMessageId(DomainOf(settings.FromAddress));
        var body = new BodyBuilder { TextBody = text };
        if (html is not null) body.HtmlBody = html;
        m.Body = body.ToMessageBody();
        return m;
    }

    public async Task SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        await using var session = await OpenAsync(ct);
        await session.SendAsync(message, ct);
    }

    public async Task<MailSession> OpenAsync(CancellationToken ct = default)
    {
        var client = new SmtpClient { Timeout = settings.TimeoutSeconds * 1000 };
        try
        {
            var options = settings.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTlsWhenAvailable,
            };
            // Our own socket with Nagle off: SMTP is a chatty request/response protocol, and Nagle's algorithm
            // against the peer's delayed ACKs costs ~40 ms per command (45 instead of hundreds of mails/s).
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try { await socket.ConnectAsync(settings.Host, settings.Port, ct); }
            catch { socket.Dispose(); throw; }
            await client.ConnectAsync(socket, settings.Host, settings.Port, options, ct);
            if (!string.IsNullOrEmpty(settings.Username))
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
            return new MailSession(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whether a failure is permanent (the address or message is refused: 5xx) rather than worth a retry
    /// (4xx, connection or timeout problems).
    /// </summary>
    public static bool IsPermanent(Exception e) => e switch
    {
        SmtpCommandException { StatusCode: var code } => (int)code >= 500,
        ParseException or FormatException => true,
        _ => false,
    };

    internal static string DomainOf(string address)
    {
        var at = address.LastIndexOf('@');
        return at >= 0 && at < address.Length - 1 ? address[(at + 1)..] : "localhost";
    }
}

/// <summary>One open SMTP connection.</summary>
public sealed class MailSession(SmtpClient client) : IAsyncDisposable
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct = default) => await client.SendAsync(message, ct);

    /// <summary>False once the server or the network dropped the connection (open a new session then).</summary>
    public bool IsConnected => client.IsConnected;

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: true);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException) { }
        client.Dispose();
    }
}
