using System.Globalization;
using System.Net;
using System.Text;

namespace DailyPapers.Digests;

public sealed record RenderedMail(string Subject, string Text, string Html);

/// <summary>A titled list of papers in a mail: the period's top papers, or one alert's matches.</summary>
public sealed record MailSection(string Title, IReadOnlyList<DigestPaper> Papers);

/// <summary>
/// Renders mails as plain text plus HTML. The HTML uses inline styles only (many clients drop &lt;style&gt; blocks),
/// a single centred table (Outlook ignores max-width on divs) and no images at all, so nothing is fetched remotely.
/// </summary>
public static class DigestRenderer
{
    private const string Font = "font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;";
    private const string Muted = "color:#6b7280;";

    public static RenderedMail Digest(DigestSettings s, DigestPeriod period, IReadOnlyList<MailSection> sections, string unsubscribeUrl)
    {
        var what = period.Cadence == Cadence.Daily ? "Daily Papers" : "Weekly Papers";
        var top = sections.Count > 0 && sections[0].Papers.Count > 0 ? sections[0].Papers[0].Title : "";
        var subject = $"{what} · {period.Label}" + (top.Length > 0 ? $": {Cut(top, 70)}" : "");
        return Render(s, subject, $"{what} — {period.Label}", sections, unsubscribeUrl,
            period.Cadence == Cadence.Daily ? "the daily digest" : "the weekly digest");
    }

    public static RenderedMail Alerts(DigestSettings s, DigestPeriod period, IReadOnlyList<MailSection> sections, string unsubscribeUrl)
    {
        var n = sections.Sum(x => x.Papers.Count);
        var subject = $"New for your alerts · {period.Label}: {n} paper{(n == 1 ? "" : "s")}";
        return Render(s, subject, $"New for your alerts — {period.Label}", sections, unsubscribeUrl, "these mails");
    }

    public static RenderedMail Confirmation(DigestSettings s, Cadence cadence, string confirmUrl)
    {
        var what = cadence == Cadence.Daily ? "the daily digest (weekdays)" : "the weekly digest";
        var text = $"""
            Please confirm that you want {what} of trending papers from {s.BaseUri.Host}:

            {confirmUrl}

            The link works for {DigestTokens.ConfirmLifetime.TotalDays:0} days. If you did not ask for this, ignore this mail: nothing will be sent.
            """;
        var html = Shell($"""
            <h1 style="{Font}font-size:20px;margin:0 0 12px">Confirm your subscription</h1>
            <p style="{Font}font-size:15px;line-height:1.5;margin:0 0 16px">Please confirm that you want {Enc(what)} of trending papers from {Enc(s.BaseUri.Host)}.</p>
            <p style="margin:0 0 16px"><a href="{Enc(confirmUrl)}" style="{Font}display:inline-block;background:#111827;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:6px;font-size:15px">Confirm subscription</a></p>
            <p style="{Font}{Muted}font-size:13px;line-height:1.5;margin:0">The link works for {DigestTokens.ConfirmLifetime.TotalDays:0} days. If you did not ask for this, ignore this mail: nothing will be sent.</p>
            """);
        return new RenderedMail("Confirm your DailyPapers subscription", text, html);
    }

    private static RenderedMail Render(DigestSettings s, string subject, string heading, IReadOnlyList<MailSection> sections, string unsubscribeUrl, string what)
    {
        var text = new StringBuilder();
        text.Append(heading).Append("\n\n");
        var html = new StringBuilder();
        html.Append($"""<h1 style="{Font}font-size:20px;margin:0 0 4px">{Enc(heading)}</h1>""");
        html.Append($"""<p style="{Font}{Muted}font-size:13px;margin:0 0 20px"><a href="{Enc(s.Link("papers"))}" style="color:#6b7280">{Enc(s.BaseUri.Host)}</a></p>""");
        foreach (var section in sections.Where(x => x.Papers.Count > 0))
        {
            text.Append("== ").Append(section.Title).Append(" ==\n\n");
            html.Append($"""<h2 style="{Font}font-size:16px;margin:24px 0 8px;padding-bottom:4px;border-bottom:1px solid #e5e7eb">{Enc(section.Title)}</h2>""");
            var i = 0;
            foreach (var p in section.Papers)
            {
                i++;
                var page = s.Link($"papers/{p.ArxivId}");
                var byline = p.Organization is { } org ? $"{p.Authors} · {org}" : p.Authors;
                text.Append(CultureInfo.InvariantCulture, $"{i}. {p.Title}\n   {byline} · ▲ {p.Upvotes}\n");
                if (p.Teaser.Length > 0) text.Append("   ").Append(p.Teaser).Append('\n');
                text.Append("   ").Append(page).Append('\n');
                text.Append("   arXiv: https://arxiv.org/abs/").Append(p.ArxivId);
                if (p.GithubRepo is { } gh) text.Append("  code: ").Append(gh);
                text.Append("\n\n");

                html.Append($"""<div style="margin:0 0 18px">""");
                html.Append($"""<a href="{Enc(page)}" style="{Font}font-size:16px;font-weight:600;color:#111827;text-decoration:none;line-height:1.35">{Enc(p.Title)}</a>""");
                html.Append($"""<div style="{Font}{Muted}font-size:13px;margin:4px 0">{Enc(byline)} · <span style="color:#b45309">&#9650; {p.Upvotes}</span></div>""");
                if (p.Teaser.Length > 0)
                    html.Append($"""<div style="{Font}font-size:14px;line-height:1.5;color:#374151">{Enc(p.Teaser)}</div>""");
                html.Append($"""<div style="{Font}font-size:13px;margin-top:4px"><a href="{Enc(page)}" style="color:#2563eb">Paper page</a> · <a href="https://arxiv.org/abs/{Enc(p.ArxivId)}" style="color:#2563eb">arXiv</a> · <a href="https://arxiv.org/pdf/{Enc(p.ArxivId)}" style="color:#2563eb">PDF</a>""");
                if (p.GithubRepo is { } repo && Uri.TryCreate(repo, UriKind.Absolute, out var u) && u.Scheme is "https" or "http")
                    html.Append($""" · <a href="{Enc(repo)}" style="color:#2563eb">Code</a>""");
                html.Append("</div></div>");
            }
        }
        text.Append(CultureInfo.InvariantCulture, $"--\nYou get {what} because you subscribed at {s.BaseUri.Host}.\nUnsubscribe: {unsubscribeUrl}\n");
        html.Append($"""<p style="{Font}{Muted}font-size:12px;line-height:1.5;margin:28px 0 0;border-top:1px solid #e5e7eb;padding-top:12px">You get {Enc(what)} because you subscribed at {Enc(s.BaseUri.Host)}. <a href="{Enc(unsubscribeUrl)}" style="color:#6b7280">Unsubscribe</a></p>""");
        return new RenderedMail(subject, text.ToString(), Shell(html.ToString()));
    }

    private static string Shell(string inner) => $"""
        <!DOCTYPE html>
        <html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
        <body style="margin:0;padding:0;background:#f3f4f6">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:16px">
        <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;width:100%;background:#ffffff;border-radius:8px"><tr><td style="padding:24px">
        {inner}
        </td></tr></table>
        </td></tr></table>
        </body></html>
        """;

    private static string Enc(string s) => WebUtility.HtmlEncode(s);

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)].TrimEnd() + "…";
}
