using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Utils;

namespace DailyPapers.Mail;

public enum SmtpSecurity { None, StartTlsWhenAvailable, StartTls, SslOnConnect }

/// <summary>
/// Outgoing mail settings ("DailyPapers:Smtp" section). The password is never logged. Without a <see cref="Host"/>
/// mail is written to files instead (<see cref="MailSender"/>): a fresh install has no mail server, and its admin
/// still has to read the confirmation mails.
/// </summary>
public sealed record SmtpSettings
{
    public string? Host { get; init; }
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
/// Sends mail through the configured SMTP server with MailKit or, when no SMTP host is set, writes each message
/// as an .eml file into <paramref name="fileFolder"/> (the "pickup folder" of the embedded default; admins read it
/// at /admin/mail). <see cref="OpenAsync"/> keeps one connection for many messages (digests); <see cref="SendAsync"/> sends one.
/// </summary>
public sealed class MailSender(SmtpSettings settings, string? fileFolder = null)
{
    public SmtpSettings Settings => settings;

    /// <summary>True when mail goes to files, not to a mail server (no DailyPapers:Smtp:Host).</summary>
    public bool WritesFiles => string.IsNullOrWhiteSpace(settings.Host);

    /// <summary>Where mail is written when <see cref="WritesFiles"/> (null when there is no folder either).</summary>
    public string? FileFolder => WritesFiles ? fileFolder : null;

    /// <summary>Where mail goes, for logs: the SMTP server (never its password) or the folder.</summary>
    public string Transport => WritesFiles ? $"files in {fileFolder ?? "(no folder)"}" : settings.ToString();

    /// <summary>A new Message-ID in the sender's domain, fixed when a mail is queued so a re-send carries the same one.</summary>
    public string NewMessageId() => MimeUtils.GenerateMessageId(DomainOf(settings.FromAddress));

    /// <summary>A message with the site as sender and the headers every mail needs (Date, Message-ID).</summary>
    public MimeMessage Compose(string to, string subject, string text, string? html = null)
    {
        var m = new MimeMessage();
        m.From.Add(new MailboxAddress(settings.FromName, settings.FromAddress));
        m.To.Add(MailboxAddress.Parse(to));
        m.Subject = subject;
        m.Date = DateTimeOffset.UtcNow;
        m.MessageId = NewMessageId();
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
        if (WritesFiles)
        {
            if (fileFolder is null) throw new InvalidOperationException("mail: no DailyPapers:Smtp:Host and no folder to write mail to");
            Directory.CreateDirectory(fileFolder);
            return new FileMailSession(fileFolder);
        }
        var host = settings.Host!;
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
            try { await socket.ConnectAsync(host, settings.Port, ct); }
            catch { socket.Dispose(); throw; }
            await client.ConnectAsync(socket, host, settings.Port, options, ct);
            if (!string.IsNullOrEmpty(settings.Username))
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", ct);
            return new SmtpMailSession(client);
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

    /// <summary>"al***@example.org": enough to tell mails apart in a log, without collecting addresses.</summary>
    public static string Mask(string? address)
    {
        if (string.IsNullOrEmpty(address)) return "(nobody)";
        var at = address.IndexOf('@');
        return at <= 0 ? "***" : address[..Math.Min(2, at)] + "***" + address[at..];
    }
}

/// <summary>One open way out for mail: an SMTP connection or the mail folder.</summary>
public abstract class MailSession : IAsyncDisposable
{
    public abstract Task SendAsync(MimeMessage message, CancellationToken ct = default);

    /// <summary>False once the server or the network dropped the connection (open a new session then).</summary>
    public virtual bool IsConnected => true;

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>One open SMTP connection.</summary>
public sealed class SmtpMailSession(SmtpClient client) : MailSession
{
    public override async Task SendAsync(MimeMessage message, CancellationToken ct = default) => await client.SendAsync(message, ct);

    public override bool IsConnected => client.IsConnected;

    public override async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected) await client.DisconnectAsync(quit: true);
        }
        catch (Exception e) when (e is IOException or SmtpProtocolException or OperationCanceledException) { }
        client.Dispose();
    }
}

/// <summary>
/// Writes each message as one .eml file. The file is written under a hidden temporary name, flushed to disk and
/// then renamed, so a reader (the admin page, a person with a mail client) never sees half a mail, and a crash
/// leaves at most a stray temporary file. Names start with the UTC time, so name order is time order.
/// </summary>
public sealed class FileMailSession(string folder) : MailSession
{
    public const string Extension = ".eml";

    public override async Task SendAsync(MimeMessage message, CancellationToken ct = default)
    {
        var name = $"{DateTime.UtcNow:yyyyMMdd'T'HHmmss'.'fffffff'Z'}-{Guid.NewGuid().ToString("N")[..8]}{Extension}";
        var temporary = Path.Combine(folder, "." + name + ".tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 16 * 1024, useAsync: true))
            {
                await message.WriteToAsync(file, ct);
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, Path.Combine(folder, name));
        }
        catch
        {
            try { File.Delete(temporary); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }
}
