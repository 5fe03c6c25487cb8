using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using DailyPapers.Papers;

namespace DailyPapers.Ingest;

/// <summary>What the feed element of an arXiv API response says about the whole result set.</summary>
public sealed class AtomFeedInfo
{
    /// <summary><c>opensearch:totalResults</c>: matches for the query, across all pages.</summary>
    public int? TotalResults { get; set; }
    public int? StartIndex { get; set; }
    public int? ItemsPerPage { get; set; }
}

public sealed record AtomPage(IReadOnlyList<ParsedItem> Items, AtomFeedInfo Info);

/// <summary>
/// arXiv Atom API responses (<c>export.arxiv.org/api/query</c>), read with a streaming <see cref="XmlReader"/> so
/// a large response is never held whole. Line numbers are those of each <c>&lt;entry&gt;</c>.
/// </summary>
public static partial class AtomParser
{
    public const string AtomNs = "http://www.w3.org/2005/Atom";
    public const string ArxivNs = "http://arxiv.org/schemas/atom";
    public const string OpenSearchNs = "http://a9.com/-/spec/opensearch/1.1/";

    // Category terms also carry MSC and ACM classes ("03B70, 68Q99", "F.4.1"); only arXiv categories are kept.
    [GeneratedRegex(@"^[a-z]+(-[a-z]+)?(\.[A-Za-z]+(-[A-Za-z]+)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ArxivCategory();

    public static XmlReaderSettings ReaderSettings => new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = true,
        CloseInput = false,
    };

    /// <summary>Reads a whole response page (an API page holds at most a few thousand entries).</summary>
    public static AtomPage ParsePage(Stream xml)
    {
        var info = new AtomFeedInfo();
        var items = ReadEntries(xml, info).ToList();
        return new AtomPage(items, info);
    }

    /// <summary>
    /// The entries one by one. <paramref name="info"/> is filled as the feed header is read (before the first entry).
    /// Malformed XML ends the sequence with one failed item naming the line.
    /// </summary>
    public static IEnumerable<ParsedItem> ReadEntries(Stream xml, AtomFeedInfo? info = null)
    {
        info ??= new AtomFeedInfo();
        using var reader = XmlReader.Create(xml, ReaderSettings);
        var lineInfo = (IXmlLineInfo)reader;
        var sawFeed = false;
        // Reading an element's content leaves the reader on the node after it, which must not be skipped.
        var advance = true;
        while (true)
        {
            ParsedItem? item = null;
            string? fatal = null;
            try
            {
                if (advance && !reader.Read()) break;
                advance = true;
                if (reader.EOF) break;
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (!sawFeed)
                {
                    if (reader.LocalName != "feed" || reader.NamespaceURI != AtomNs)
                        fatal = $"expected an Atom <feed>, found <{reader.Name}>";
                    sawFeed = true;
                }
                else if (reader.NamespaceURI == OpenSearchNs)
                {
                    var name = reader.LocalName;
                    var value = ReadInt(reader);
                    if (name == "totalResults") info.TotalResults = value;
                    else if (name == "startIndex") info.StartIndex = value;
                    else if (name == "itemsPerPage") info.ItemsPerPage = value;
                    advance = false;
                }
                else if (reader.LocalName == "entry" && reader.NamespaceURI == AtomNs)
                {
                    var line = lineInfo.LineNumber;
                    item = ReadEntry(reader, line);
                    advance = false;
                }
            }
            catch (XmlException e)
            {
                fatal = $"invalid XML: {e.Message}";
                item = ParsedItem.Fail(e.LineNumber, fatal);
            }
            if (item is { } it) yield return it;
            if (fatal is not null)
            {
                if (item is null) yield return ParsedItem.Fail(lineInfo.LineNumber, fatal);
                yield break;
            }
        }
    }

    private static int? ReadInt(XmlReader r) =>
        int.TryParse(r.ReadElementContentAsString().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    private sealed class EntryFields
    {
        public string? Id, Title, Summary, Published, Updated, Doi, JournalRef, Comment, Primary;
        public readonly List<PaperAuthor> Authors = [];
        public readonly List<string> Categories = [];
    }

    /// <summary>Reads one entry; the reader stands on its start tag and ends after its end tag.</summary>
    private static ParsedItem ReadEntry(XmlReader r, int line)
    {
        var f = new EntryFields();
        if (r.IsEmptyElement) return ParsedItem.Fail(line, "empty <entry>");
        var depth = r.Depth;
        r.Read();
        while (!(r.NodeType == XmlNodeType.EndElement && r.Depth == depth) && !r.EOF)
        {
            if (r.NodeType != XmlNodeType.Element) { r.Read(); continue; }
            var ns = r.NamespaceURI;
            switch (r.LocalName)
            {
                case "id" when ns == AtomNs: f.Id = r.ReadElementContentAsString().Trim(); break;
                case "title" when ns == AtomNs: f.Title = r.ReadElementContentAsString(); break;
                case "summary" when ns == AtomNs: f.Summary = r.ReadElementContentAsString(); break;
                case "published" when ns == AtomNs: f.Published = r.ReadElementContentAsString().Trim(); break;
                case "updated" when ns == AtomNs: f.Updated = r.ReadElementContentAsString().Trim(); break;
                case "author" when ns == AtomNs: ReadAuthor(r, f.Authors); break;
                case "category" when ns == AtomNs: AddCategory(f.Categories, r.GetAttribute("term")); r.Skip(); break;
                case "primary_category" when ns == ArxivNs: f.Primary = r.GetAttribute("term")?.Trim(); r.Skip(); break;
                case "doi" when ns == ArxivNs: f.Doi = NonEmpty(r.ReadElementContentAsString()); break;
                case "journal_ref" when ns == ArxivNs: f.JournalRef = NonEmpty(r.ReadElementContentAsString()); break;
                case "comment" when ns == ArxivNs: f.Comment = NonEmpty(r.ReadElementContentAsString()); break;
                default: r.Skip(); break;
            }
        }
        r.Read();
        try { return ParsedItem.Ok(line, new ImportRecord(ToPaper(f))); }
        catch (RecordException e) { return ParsedItem.Fail(line, e.Message); }
    }

    private static void ReadAuthor(XmlReader r, List<PaperAuthor> authors)
    {
        if (r.IsEmptyElement) { r.Read(); return; }
        string? name = null;
        var affiliations = new List<string>();
        var depth = r.Depth;
        r.Read();
        while (!(r.NodeType == XmlNodeType.EndElement && r.Depth == depth) && !r.EOF)
        {
            if (r.NodeType != XmlNodeType.Element) { r.Read(); continue; }
            if (r.LocalName == "name" && r.NamespaceURI == AtomNs) name = r.ReadElementContentAsString();
            else if (r.LocalName == "affiliation" && r.NamespaceURI == ArxivNs && NonEmpty(r.ReadElementContentAsString()) is { } a) affiliations.Add(PaperText.CollapseWhitespace(a));
            else r.Skip();
        }
        r.Read();
        if (string.IsNullOrWhiteSpace(name)) return;
        authors.Add(new PaperAuthor(PaperText.CollapseWhitespace(name))
        {
            Affiliation = affiliations.Count == 0 ? null : string.Join("; ", affiliations),
        });
    }

    private static void AddCategory(List<string> list, string? term)
    {
        term = term?.Trim();
        if (!string.IsNullOrEmpty(term) && ArxivCategory().IsMatch(term) && !list.Contains(term)) list.Add(term);
    }

    private static Paper ToPaper(EntryFields f)
    {
        if (f.Id is null) throw new RecordException("entry without <id>");
        // The API reports a bad query as a single entry whose id points at its error list.
        if (f.Id.Contains("/api/errors", StringComparison.Ordinal))
            throw new RecordException($"arXiv API error: {PaperText.CollapseWhitespace(f.Summary)}");
        if (!ArxivId.TryParse(f.Id, out var id, out var idError)) throw new RecordException($"invalid <id>: {idError}");
        if (string.IsNullOrWhiteSpace(f.Title)) throw new RecordException($"{id}: missing <title>");
        if (string.IsNullOrWhiteSpace(f.Summary)) throw new RecordException($"{id}: missing <summary>");
        var published = Time(f.Published, "published", id);
        var updated = Time(f.Updated, "updated", id);

        var categories = new List<string>(f.Categories.Count + 1);
        if (!string.IsNullOrEmpty(f.Primary) && ArxivCategory().IsMatch(f.Primary)) categories.Add(f.Primary);
        categories.AddRange(f.Categories.Where(c => c != f.Primary));

        // The entry describes version N, last updated at <updated>; v1 appeared at <published>.
        var versions = new List<PaperVersion>();
        if (published is not null) versions.Add(new PaperVersion(1, published));
        if (id.Version is { } v && v > 1) versions.Add(new PaperVersion(v, updated));

        return new Paper
        {
            ArxivId = id.Id,
            Version = id.Version,
            Title = f.Title,
            Abstract = f.Summary,
            PublishedAt = published,
            UpdatedAt = updated ?? published,
            Categories = categories,
            Doi = f.Doi,
            JournalRef = f.JournalRef is null ? null : PaperText.CollapseWhitespace(f.JournalRef),
            Comments = f.Comment is null ? null : PaperText.CollapseWhitespace(f.Comment),
            Authors = f.Authors,
            Versions = versions,
        };
    }

    private static DateTimeOffset? Time(string? s, string element, ArxivId id)
    {
        if (string.IsNullOrEmpty(s)) return null;
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new RecordException($"{id}: <{element}> is not a timestamp: \"{s}\"");
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
