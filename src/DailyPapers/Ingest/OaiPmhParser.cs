using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using DailyPapers.Papers;

namespace DailyPapers.Ingest;

/// <summary>One OAI-PMH response page.</summary>
/// <param name="ResumptionToken">Token for the next page; null on the last page (empty or absent element).</param>
/// <param name="ErrorCode">OAI-PMH error code (badResumptionToken, badArgument …); <c>noRecordsMatch</c> is not an error.</param>
public sealed record OaiPmhPage(IReadOnlyList<ParsedItem> Items, string? ResumptionToken, int? CompleteListSize, string? ErrorCode, string? ErrorMessage)
{
    /// <summary>Records marked deleted in their header: skipped, counted here.</summary>
    public int DeletedCount { get; init; }
    /// <summary>Set when the XML itself is broken (truncated download …): the page cannot be trusted to be complete.</summary>
    public string? XmlError { get; init; }
}

/// <summary>
/// arXiv OAI-PMH XML (metadataPrefix <c>arXiv</c> and <c>arXivRaw</c>): ListRecords and GetRecord responses.
/// Reads the response with an <see cref="XmlReader"/>, one record at a time, so a page of thousands of records
/// never exists twice in memory. Elements are matched by local name: a hepcrawl fixture has its inner
/// <c>&lt;arXiv&gt;</c> without the arXiv namespace.
/// </summary>
public static partial class OaiPmhParser
{
    public const string NoRecordsMatch = "noRecordsMatch";
    public const string BadResumptionToken = "badResumptionToken";

    private static readonly XmlReaderSettings Settings = new()
    {
        // Responses never need a DTD; refusing one shuts out entity-expansion attacks from a hostile mirror.
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    public static OaiPmhPage ParsePage(Stream xml, string sourceName)
    {
        var items = new List<ParsedItem>();
        string? token = null, errorCode = null, errorMessage = null, xmlError = null;
        int? listSize = null;
        var deleted = 0;
        var sawRoot = false;
        XmlReader? reader = null;
        try
        {
            reader = XmlReader.Create(xml, Settings);
            var info = (IXmlLineInfo)reader;
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "OAI-PMH")
                throw new XmlException($"expected an <OAI-PMH> response, found <{reader.LocalName}>", null, info.LineNumber, info.LinePosition);
            sawRoot = true;
            while (!reader.EOF)
            {
                if (reader.NodeType != XmlNodeType.Element) { reader.Read(); continue; }
                switch (reader.LocalName)
                {
                    case "record":
                        var line = info.LineNumber;
                        var record = (XElement)XNode.ReadFrom(reader);
                        if (IsDeleted(record)) deleted++;
                        else items.Add(ParseRecord(line, record));
                        break;
                    case "resumptionToken":
                        listSize = int.TryParse(reader.GetAttribute("completeListSize"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
                        var text = reader.ReadElementContentAsString().Trim();
                        token = text.Length > 0 ? text : null;
                        break;
                    case "error":
                        var code = reader.GetAttribute("code") ?? "unknown";
                        var message = reader.ReadElementContentAsString().Trim();
                        // An empty result is an answer, not a failure.
                        if (code != NoRecordsMatch && errorCode is null) (errorCode, errorMessage) = (code, message);
                        break;
                    default:
                        reader.Read();
                        break;
                }
            }
        }
        catch (XmlException e)
        {
            xmlError = $"malformed OAI-PMH XML in {sourceName}: {e.Message}";
            items.Add(ParsedItem.Fail(e.LineNumber, sawRoot ? $"malformed XML: {e.Message}" : $"not an OAI-PMH response: {e.Message}"));
        }
        finally
        {
            reader?.Dispose();
        }
        return new OaiPmhPage(items, token, listSize, errorCode, errorMessage) { DeletedCount = deleted, XmlError = xmlError };
    }

    private static bool IsDeleted(XElement record) =>
        Child(record, "header")?.Attribute("status")?.Value == "deleted";

    private static ParsedItem ParseRecord(int line, XElement record)
    {
        try
        {
            var metadata = Child(record, "metadata")?.Elements().FirstOrDefault()
                ?? throw new RecordException("record has no <metadata>");
            var paper = metadata.Name.LocalName switch
            {
                "arXiv" => FromArxiv(metadata, record),
                "arXivRaw" => FromArxivRaw(metadata, record),
                var other => throw new RecordException($"unsupported metadata format <{other}> (expected arXiv or arXivRaw)"),
            };
            return ParsedItem.Ok(line, new ImportRecord(paper));
        }
        catch (RecordException e)
        {
            return ParsedItem.Fail(line, IdentifierOf(record) is { } oai ? $"{oai}: {e.Message}" : e.Message);
        }
    }

    private static Paper FromArxiv(XElement m, XElement record)
    {
        var id = Id(m, record);
        var authors = Child(m, "authors")?.Elements().Where(a => a.Name.LocalName == "author").Select(AuthorFrom)
            .Where(a => a is not null).Select(a => a!).ToList() ?? [];
        return Common(m, id) with
        {
            PublishedAt = Date(m, "created"),
            UpdatedAt = Date(m, "updated") ?? Date(m, "created"),
            Authors = authors,
        };
    }

    private static Paper FromArxivRaw(XElement m, XElement record)
    {
        var id = Id(m, record);
        var versions = new List<PaperVersion>();
        foreach (var v in m.Elements().Where(e => e.Name.LocalName == "version"))
        {
            var label = v.Attribute("version")?.Value ?? "";
            if (!(label.StartsWith('v') && int.TryParse(label.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0))
                throw new RecordException($"<version version=\"{label}\"> is not vN");
            var dateText = Text(v, "date");
            DateTimeOffset? date = dateText is null ? null
                : ParseRfc822(dateText) ?? throw new RecordException($"version v{number}: <date> \"{dateText}\" is not an RFC-822 date");
            versions.Add(new PaperVersion(number, date, Text(v, "size")));
        }
        versions.Sort((a, b) => a.Version.CompareTo(b.Version));
        return Common(m, id) with
        {
            Version = versions.Count > 0 ? versions[^1].Version : id.Version,
            Versions = versions,
            PublishedAt = versions.FirstOrDefault(v => v.Version == 1)?.SubmittedAt,
            UpdatedAt = versions.Count > 0 ? versions[^1].SubmittedAt : null,
            Submitter = Text(m, "submitter"),
            Authors = SplitAuthors(Text(m, "authors")).Select(n => new PaperAuthor(n)).ToList(),
        };
    }

    /// <summary>The fields both formats share.</summary>
    private static Paper Common(XElement m, ArxivId id) => new()
    {
        ArxivId = id.Id,
        Version = id.Version,
        Title = PaperText.CollapseWhitespace(Text(m, "title") ?? throw new RecordException("missing <title>")),
        Abstract = Text(m, "abstract") ?? throw new RecordException("missing <abstract>"),
        Categories = (Text(m, "categories") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        Comments = Collapse(Text(m, "comments")),
        JournalRef = Collapse(Text(m, "journal-ref")),
        Doi = FirstDoi(Text(m, "doi")),
        License = Text(m, "license"),
    };

    private static ArxivId Id(XElement m, XElement record)
    {
        // The metadata id is the paper id; the header identifier (oai:arXiv.org:ID) is the fallback.
        var raw = Text(m, "id") ?? IdentifierOf(record)?.Replace("oai:arXiv.org:", "", StringComparison.OrdinalIgnoreCase)
            ?? throw new RecordException("missing <id>");
        return ArxivId.TryParse(raw, out var id, out var error) ? id : throw new RecordException(error);
    }

    private static PaperAuthor? AuthorFrom(XElement a)
    {
        var keyname = Text(a, "keyname");
        var forenames = Text(a, "forenames");
        var suffix = Text(a, "suffix");
        var name = PaperText.CollapseWhitespace(string.Join(' ', new[] { forenames, keyname, suffix }.Where(s => s is not null)));
        if (name.Length == 0) return null;
        var affiliations = a.Elements().Where(e => e.Name.LocalName == "affiliation").Select(e => PaperText.CollapseWhitespace(e.Value)).Where(s => s.Length > 0).ToList();
        return new PaperAuthor(name) { Affiliation = affiliations.Count > 0 ? string.Join("; ", affiliations) : null };
    }

    // Several DOIs are sometimes listed ("10.1/a, 10.1/b;10.1/c"); the paper links to the first, the published one.
    private static string? FirstDoi(string? s) =>
        s?.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();

    private static DateTimeOffset? Date(XElement m, string name)
    {
        var s = Text(m, name);
        if (s is null) return null;
        return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : throw new RecordException($"<{name}> \"{s}\" is not a date (expected YYYY-MM-DD)");
    }

    private static readonly string[] Rfc822Formats =
        ["ddd, d MMM yyyy HH:mm:ss 'GMT'", "ddd, dd MMM yyyy HH:mm:ss 'GMT'", "d MMM yyyy HH:mm:ss 'GMT'", "r"];

    /// <summary>arXivRaw version dates: <c>Mon, 15 Apr 2013 19:33:21 GMT</c> (day without a leading zero too).</summary>
    public static DateTimeOffset? ParseRfc822(string s) =>
        DateTimeOffset.TryParseExact(s.Trim(), Rfc822Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    private static XElement? Child(XElement e, string localName) => e.Elements().FirstOrDefault(c => c.Name.LocalName == localName);

    private static string? Text(XElement e, string localName) => Child(e, localName)?.Value is { } v && v.Trim().Length > 0 ? v.Trim() : null;

    private static string? Collapse(string? s) => s is null ? null : PaperText.CollapseWhitespace(s);

    private static string? IdentifierOf(XElement record) =>
        Child(record, "header") is { } h ? Text(h, "identifier") : null;
}
