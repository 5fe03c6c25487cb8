using System.Threading.Channels;
using DailyPapers.Mail;
using MimeKit;

namespace DailyPapers.Web.Accounts;

/// <summary>
/// Account mails go through an in-memory outbox sent by a background service: the page answers at once and takes
/// the same time whether or not a mail is sent (no account enumeration by timing), and a slow SMTP server does
/// not hold a request. A mail lost to a restart is re-requested by the user ("send the link again").
/// </summary>
public sealed class AccountMailOutbox
{
    private readonly Channel<MimeMessage> _channel = Channel.CreateBounded<MimeMessage>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public ChannelReader<MimeMessage> Reader => _channel.Reader;

    /// <summary>Queues a mail; false when the outbox is full (a flood of requests), in which case it is dropped.</summary>
    public bool Enqueue(MimeMessage message) => _channel.Writer.TryWrite(message);
}

/// <summary>Sends queued account mails, retrying temporary failures a few times. Logs never hold links or bodies.</summary>
public sealed class AccountMailService(AccountMailOutbox outbox, MailSender sender, ILogger<AccountMailService> log) : BackgroundService
{
    private const int Attempts = 3;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in outbox.Reader.ReadAllAsync(stoppingToken))
        {
            var to = Mask(message.To.Mailboxes.FirstOrDefault()?.Address);
            for (var attempt = 1; attempt <= Attempts; attempt++)
            {
                try
                {
                    await sender.SendAsync(message, stoppingToken);
                    log.LogInformation("mail: sent \"{Subject}\" to {To}", message.Subject, to);
                    break;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var permanent = MailSender.IsPermanent(e);
                    log.LogWarning("mail: sending \"{Subject}\" to {To} via {Server} failed (attempt {Attempt}/{Attempts}{Kind}): {Error}",
                        message.Subject, to, sender.Settings, attempt, Attempts, permanent ? ", permanent" : "", e.Message);
                    if (permanent || attempt == Attempts) break;
                    await Task.Delay(RetryDelay, stoppingToken);
                }
            }
        }
    }

    /// <summary>"al***@example.org": enough to tell mails apart in a log, without collecting addresses.</summary>
    internal static string Mask(string? address)
    {
        if (string.IsNullOrEmpty(address)) return "(nobody)";
        var at = address.IndexOf('@');
        return at <= 0 ? "***" : address[..Math.Min(2, at)] + "***" + address[at..];
    }
}

/// <summary>The texts of the account mails. Links are absolute, built on the configured public URL.</summary>
public sealed class AccountMails(MailSender sender, AccountMailOutbox outbox, SiteUrl site)
{
    /// <summary>
    /// The site's base URL for links in mails: configuration only (<see cref="SiteUrl"/>). The request is deliberately
    /// unused — its Host header is the attacker's choice (issue 10: reset-link poisoning).
    /// </summary>
    public string BaseUrl(HttpRequest request) => site.Base;

    public bool SendConfirm(HttpRequest r, string to, string handle, string token, int hours) => Queue(to, "Confirm your email for DailyPapers", $"""
        Hello {handle},

        please confirm your email address to finish creating your DailyPapers account:

        {BaseUrl(r)}/account/confirm?token={Uri.EscapeDataString(token)}

        The link works once and for {hours} hours. If you did not sign up, ignore this mail; no account is activated without it.
        """);

    public bool SendAlreadyRegistered(HttpRequest r, string to) => Queue(to, "Sign-up attempt on DailyPapers", $"""
        Hello,

        someone (probably you) tried to create a DailyPapers account with this address, but it already has one.
        Sign in at {BaseUrl(r)}/account/signin, or set a new password at {BaseUrl(r)}/account/forgot.

        If it was not you, you can ignore this mail.
        """);

    public bool SendReset(HttpRequest r, string to, string handle, string token, int minutes) => Queue(to, "Reset your DailyPapers password", $"""
        Hello {handle},

        to choose a new password, open this link:

        {BaseUrl(r)}/account/reset?token={Uri.EscapeDataString(token)}

        The link works once and for {minutes} minutes. If you did not ask for it, ignore this mail; your password stays as it is.
        """);

    public bool SendChangeEmail(HttpRequest r, string to, string handle, string token, int hours) => Queue(to, "Confirm your new email for DailyPapers", $"""
        Hello {handle},

        please confirm that this is your new email address for DailyPapers:

        {BaseUrl(r)}/account/confirm?change=1&token={Uri.EscapeDataString(token)}

        The link works once and for {hours} hours. Until then your account keeps its old address.
        """);

    public bool SendEmailChangedNotice(string to, string handle, string newEmail) => Queue(to, "Your DailyPapers email was changed", $"""
        Hello {handle},

        the email address of your DailyPapers account was changed to {newEmail}. If you did not do this,
        contact the site's operator at once.
        """);

    /// <summary>Tells a claimant how a moderator decided their authorship claim, with the reason given for a rejection.</summary>
    public bool SendClaimDecision(HttpRequest r, string to, string handle, Storage.AuthorClaim claim, bool approved)
    {
        var title = claim.Title.Length <= SubjectTitleChars ? claim.Title : claim.Title[..(SubjectTitleChars - 1)].TrimEnd() + "…";
        var link = $"{BaseUrl(r)}/papers/{claim.ArxivId}#authors";
        var paper = $"""
              {claim.Title}
              arXiv {claim.ArxivId}
              as author: {claim.AuthorName}
            """;
        return approved
            ? Queue(to, $"Authorship claim approved: {title}", $"""
                Hello {handle},

                a moderator approved your authorship claim on

                {paper}

                The paper now shows you as a verified author, and it is listed on your profile (you can hide it there
                from the paper page):

                {link}
                """)
            : Queue(to, $"Authorship claim not approved: {title}", $"""
                Hello {handle},

                a moderator did not approve your authorship claim on

                {paper}

                Reason: {(string.IsNullOrWhiteSpace(claim.Reason) ? "(none given)" : claim.Reason)}

                If you are this author, you may claim again from the paper page, for example after adding an email
                address at your institution to your account:

                {link}
                """);
    }

    /// <summary>Characters of a paper title kept in a mail subject line.</summary>
    private const int SubjectTitleChars = 80;

    private bool Queue(string to, string subject, string text) => outbox.Enqueue(sender.Compose(to, subject, text));
}
