using System.Globalization;
using System.Text;
using System.Xml;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Web.Api;

/// <summary>
/// RSS 2.0 and Atom 1.0 feeds of the latest feed days (/papers/feed.rss, /papers/feed.atom). Written with XmlWriter
/// so every value is escaped; dates are RFC 822 (RSS) and RFC 3339 (Atom); each item's guid/id is the paper's page.
/// </summary>
public static class SyndicationFeeds
{
    /// <summary>Feed readers poll; a week of feed days covers a reader that was off over a long weekend.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);
    public const int MaxItems = 100;
    private const string AtomNs = "http://www.w3.org/2005/Atom";

    public static IEndpointRouteBuilder MapSyndicationFeeds(this IEndpointRouteBuilder app)
    {
        app.MapGet("/papers/feed.rss", Rss).CacheOutput(WebHost.ShortCachePolicy);
        app.MapGet("/papers/feed.atom", Atom).CacheOutput(WebHost.ShortCachePolicy);
        return app;
    }

    private static async Task<IReadOnlyList<FeedItem>> LatestAsync(PaperStore store, CancellationToken ct)
    {
        if (await store.GetLatestFeedDateAsync(ct) is not { } latest) return [];
        var feed = await store.GetFeedAsync(new FeedQuery(latest.AddDays(-(int)Window.TotalDays + 1), latest)
        {
            Sort = FeedSort.PublishedAt, Limit = MaxItems,
        }, ct);
        return feed.Items;
    }

    private static DateTimeOffset Submitted(DailyEntry e) => e.SubmittedAt ?? new DateTimeOffset(e.FeedDate.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    private static string Title(FeedItem i) => Clean(i.Entry.Title ?? PaperText.CollapseWhitespace(i.Paper.Paper.Title));

    /// <summary>Drops characters XML 1.0 cannot carry (control characters, lone surrogates) that imported text may hold.</summary>
    public static string Clean(string s)
    {
        var sb = (StringBuilder?)null;
        for (var i = 0; i < s.Length; i++)
        {
            var ch = s[i];
            var ok = XmlConvert.IsXmlChar(ch)
                || (char.IsHighSurrogate(ch) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]));
            if (ok && char.IsHighSurrogate(ch))
            {
                sb?.Append(ch).Append(s[i + 1]);
                i++;
                continue;
            }
            if (ok) { sb?.Append(ch); continue; }
            sb ??= new StringBuilder(s, 0, i, s.Length);
        }
        return sb?.ToString() ?? s;
    }

    public static async Task<IResult> Rss(PaperStore store, HttpContext http)
    {
        var items = await LatestAsync(store, http.RequestAborted);
        var site = http.SiteBase();
        var xml = WriteRss(new RssChannel("DailyPapers", $"{site}/papers", $"{site}/papers/feed.rss", "Research papers featured on the daily feed.",
            items.Count > 0 ? items.Max(i => Submitted(i.Entry)) : null,
            items.Select(i => new RssItem(Title(i), $"{site}/papers/{i.Paper.Paper.ArxivId}", PaperText.NormalizeAbstract(i.Paper.Paper.Abstract),
                Submitted(i.Entry), i.Paper.Paper.Categories)).ToList()));
        return Results.Text(xml, "application/rss+xml; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>An RSS 2.0 channel: the daily feed, or a public collection.</summary>
    public sealed record RssChannel(string Title, string Link, string Self, string Description, DateTimeOffset? LastBuild, IReadOnlyList<RssItem> Items);

    /// <summary>One RSS item; its link is also its permalink guid.</summary>
    public sealed record RssItem(string Title, string Link, string Description, DateTimeOffset PubDate, IReadOnlyList<string> Categories);

    /// <summary>Writes an RSS 2.0 document; every text value is cleaned of characters XML cannot carry.</summary>
    public static string WriteRss(RssChannel channel) => Write(w =>
    {
        w.WriteStartElement("rss");
        w.WriteAttributeString("version", "2.0");
        w.WriteAttributeString("xmlns", "atom", null, AtomNs);
        w.WriteStartElement("channel");
        w.WriteElementString("title", Clean(channel.Title));
        w.WriteElementString("link", channel.Link);
        w.WriteElementString("description", Clean(channel.Description));
        w.WriteElementString("language", "en");
        w.WriteStartElement("atom", "link", AtomNs);
        w.WriteAttributeString("href", channel.Self);
        w.WriteAttributeString("rel", "self");
        w.WriteAttributeString("type", "application/rss+xml");
        w.WriteEndElement();
        if (channel.LastBuild is { } last) w.WriteElementString("lastBuildDate", Rfc822(last));
        foreach (var i in channel.Items)
        {
            w.WriteStartElement("item");
            w.WriteElementString("title", Clean(i.Title));
            w.WriteElementString("link", i.Link);
            w.WriteElementString("description", Clean(i.Description));
            w.WriteStartElement("guid");
            w.WriteAttributeString("isPermaLink", "true");
            w.WriteString(i.Link);
            w.WriteEndElement();
            w.WriteElementString("pubDate", Rfc822(i.PubDate));
            foreach (var c in i.Categories) w.WriteElementString("category", Clean(c));
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndElement();
    });

    public static async Task<IResult> Atom(PaperStore store, HttpContext http)
    {
        var items = await LatestAsync(store, http.RequestAborted);
        var site = http.SiteBase();
        var updated = items.Count > 0 ? items.Max(i => Submitted(i.Entry)) : DateTimeOffset.UnixEpoch;
        var xml = Write(w =>
        {
            w.WriteStartElement("feed", AtomNs);
            w.WriteElementString("id", AtomNs, $"{site}/papers/feed.atom");
            w.WriteElementString("title", AtomNs, "DailyPapers");
            w.WriteElementString("subtitle", AtomNs, "Research papers featured on the daily feed.");
            w.WriteElementString("updated", AtomNs, Rfc3339(updated));
            Link(w, $"{site}/papers/feed.atom", "self", "application/atom+xml");
            Link(w, $"{site}/papers", "alternate", "text/html");
            // A feed-level author satisfies Atom's rule that every entry has one, for papers with no author list.
            w.WriteStartElement("author", AtomNs);
            w.WriteElementString("name", AtomNs, "DailyPapers");
            w.WriteEndElement();
            foreach (var i in items)
            {
                var p = i.Paper.Paper;
                var url = $"{site}/papers/{p.ArxivId}";
                w.WriteStartElement("entry", AtomNs);
                w.WriteElementString("id", AtomNs, url);
                w.WriteElementString("title", AtomNs, Title(i));
                w.WriteElementString("updated", AtomNs, Rfc3339(Submitted(i.Entry)));
                if (p.PublishedAt is { } pub) w.WriteElementString("published", AtomNs, Rfc3339(pub));
                Link(w, url, "alternate", "text/html");
                foreach (var a in p.Authors)
                {
                    w.WriteStartElement("author", AtomNs);
                    w.WriteElementString("name", AtomNs, Clean(a.Name));
                    w.WriteEndElement();
                }
                foreach (var c in p.Categories)
                {
                    w.WriteStartElement("category", AtomNs);
                    w.WriteAttributeString("term", Clean(c));
                    w.WriteEndElement();
                }
                w.WriteStartElement("summary", AtomNs);
                w.WriteAttributeString("type", "text");
                w.WriteString(Clean(PaperText.NormalizeAbstract(p.Abstract)));
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        });
        return Results.Text(xml, "application/atom+xml; charset=utf-8", Encoding.UTF8);
    }

    private static void Link(XmlWriter w, string href, string rel, string type)
    {
        w.WriteStartElement("link", AtomNs);
        w.WriteAttributeString("href", href);
        w.WriteAttributeString("rel", rel);
        w.WriteAttributeString("type", type);
        w.WriteEndElement();
    }

    private static string Write(Action<XmlWriter> body)
    {
        var sb = new StringBuilder();
        // Utf8 declaration although the builder is UTF-16: the response is sent as UTF-8.
        using (var w = XmlWriter.Create(new Utf8StringWriter(sb), new XmlWriterSettings { Indent = true }))
        {
            w.WriteStartDocument();
            body(w);
            w.WriteEndDocument();
        }
        return sb.ToString();
    }

    public static string Rfc822(DateTimeOffset t) => t.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
    public static string Rfc3339(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class Utf8StringWriter(StringBuilder sb) : StringWriter(sb, CultureInfo.InvariantCulture)
    {
        public override Encoding Encoding => Encoding.UTF8;
    }
}
