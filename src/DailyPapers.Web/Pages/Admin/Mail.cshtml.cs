using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using DailyPapers.Mail;
using DailyPapers.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Html;
using MimeKit;

namespace DailyPapers.Web.Pages.Admin;

/// <summary>
/// /admin/mail: the newest mails written to {DataDir}/mail when no SMTP server is set, so the admin of a fresh
/// install can read (and pass on) confirmation and reset links. Admins only: these mails hold other people's links.
/// </summary>
[Authorize(Policy = AuthNames.AdminPolicy)]
public sealed partial class MailModel(MailSender mail, ILogger<MailModel> log) : AppPageModel
{
    /// <summary>Mails shown, newest first.</summary>
    public const int Shown = 50;
    /// <summary>Larger files are listed without their text (our own mails are a few kB).</summary>
    private const long MaxFileBytes = 1024 * 1024;

    public sealed record MailView(string File, string To, string Subject, DateTimeOffset Date, IHtmlContent Text);

    public bool WritesFiles => mail.WritesFiles;
    public string Transport => mail.Transport;
    public string? Folder => mail.FileFolder;
    public IReadOnlyList<MailView> Mails { get; private set; } = [];
    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var folder = mail.FileFolder;
        if (folder is null || !Directory.Exists(folder)) return;
        // File names start with the UTC time they were written, so name order is time order.
        var files = Directory.EnumerateFiles(folder, "*" + FileMailSession.Extension).OrderDescending(StringComparer.Ordinal).ToList();
        Total = files.Count;
        var list = new List<MailView>();
        foreach (var path in files.Take(Shown))
        {
            try
            {
                if (new FileInfo(path).Length > MaxFileBytes) continue;
                var m = await MimeMessage.LoadAsync(path, ct);
                list.Add(new MailView(Path.GetFileName(path), string.Join(", ", m.To.Mailboxes.Select(x => x.Address)), m.Subject ?? "(no subject)",
                    m.Date, Linkify(m.TextBody ?? "")));
            }
            catch (Exception e) when (e is IOException or FormatException or ParseException)
            {
                log.LogWarning("admin mail: cannot read {File}: {Error}", Path.GetFileName(path), e.Message);
            }
        }
        Mails = list;
    }

    [GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial Regex Link();

    /// <summary>The text, HTML-encoded, with its http(s) links clickable (no other scheme becomes a link).</summary>
    public static IHtmlContent Linkify(string text)
    {
        var html = new HtmlContentBuilder();
        var at = 0;
        foreach (Match u in Link().Matches(text))
        {
            html.Append(text[at..u.Index]);
            var href = u.Value.TrimEnd('.', ',', ')', ';', ':');
            html.AppendHtml($"<a href=\"{HtmlEncoder.Default.Encode(href)}\" rel=\"noreferrer\">{HtmlEncoder.Default.Encode(href)}</a>");
            at = u.Index + href.Length;
        }
        html.Append(text[at..]);
        return html;
    }
}
