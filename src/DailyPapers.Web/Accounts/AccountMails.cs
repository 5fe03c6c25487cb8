using DailyPapers.Mail;

namespace DailyPapers.Web.Accounts;

/// <summary>
/// The texts of the account mails. Links are absolute, built on the configured public URL. Each mail is queued in
/// the database outbox with the highest priority before the page answers: the page takes the same time whether or
/// not a mail is sent (no account enumeration by timing), a slow SMTP server does not hold a request, and neither a
/// restart nor a flood of notifications loses or delays it.
/// </summary>
public sealed class AccountMails(MailOutbox outbox, SiteUrl site)
{
    /// <summary>
    /// The site's base URL for links in mails: configuration only (<see cref="SiteUrl"/>). The request is deliberately
    /// unused — its Host header is the attacker's choice (issue 10: reset-link poisoning).
    /// </summary>
    public string BaseUrl(HttpRequest request) => site.Base;

    public Task SendConfirm(HttpRequest r, string to, string handle, string token, int hours) => Queue(to, "Confirm your email for DailyPapers", $"""
        Hello {handle},

        please confirm your email address to finish creating your DailyPapers account:

        {BaseUrl(r)}/account/confirm?token={Uri.EscapeDataString(token)}

        The link works once and for {hours} hours. If you did not sign up, ignore this mail; no account is activated without it.
        """);

    public Task SendAlreadyRegistered(HttpRequest r, string to) => Queue(to, "Sign-up attempt on DailyPapers", $"""
        Hello,

        someone (probably you) tried to create a DailyPapers account with this address, but it already has one.
        Sign in at {BaseUrl(r)}/account/signin, or set a new password at {BaseUrl(r)}/account/forgot.

        If it was not you, you can ignore this mail.
        """);

    public Task SendReset(HttpRequest r, string to, string handle, string token, int minutes) => Queue(to, "Reset your DailyPapers password", $"""
        Hello {handle},

        to choose a new password, open this link:

        {BaseUrl(r)}/account/reset?token={Uri.EscapeDataString(token)}

        The link works once and for {minutes} minutes. If you did not ask for it, ignore this mail; your password stays as it is.
        """);

    public Task SendChangeEmail(HttpRequest r, string to, string handle, string token, int hours) => Queue(to, "Confirm your new email for DailyPapers", $"""
        Hello {handle},

        please confirm that this is your new email address for DailyPapers:

        {BaseUrl(r)}/account/confirm?change=1&token={Uri.EscapeDataString(token)}

        The link works once and for {hours} hours. Until then your account keeps its old address.
        """);

    public Task SendEmailChangedNotice(string to, string handle, string newEmail) => Queue(to, "Your DailyPapers email was changed", $"""
        Hello {handle},

        the email address of your DailyPapers account was changed to {newEmail}. If you did not do this,
        contact the site's operator at once.
        """);

    /// <summary>Tells a claimant how a moderator decided their authorship claim, with the reason given for a rejection.</summary>
    public Task SendClaimDecision(HttpRequest r, string to, string handle, Storage.AuthorClaim claim, bool approved)
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

    private Task Queue(string to, string subject, string text) =>
        outbox.EnqueueAsync(MailKind.Account, MailPriority.Account, to, subject, text);
}
