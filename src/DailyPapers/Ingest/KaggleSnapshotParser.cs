using System.Globalization;
using System.Text.Json;
using DailyPapers.Papers;

namespace DailyPapers.Ingest;

/// <summary>
/// The Kaggle arXiv metadata snapshot (<c>arxiv-metadata-oai-snapshot.json</c>): one JSON object per line with
/// <c>id, submitter, authors, title, comments, journal-ref, doi, report-no, categories, license, abstract,
/// versions[{version, created}], update_date, authors_parsed[[last, first, suffix, affiliation?]]</c>.
/// </summary>
public static class KaggleSnapshotParser
{
    // arXiv writes version dates as RFC 822 in GMT: "Mon, 2 Apr 2007 19:18:42 GMT".
    private static readonly string[] VersionDateFormats =
        ["ddd, d MMM yyyy HH:mm:ss 'GMT'", "ddd, dd MMM yyyy HH:mm:ss 'GMT'", "d MMM yyyy HH:mm:ss 'GMT'"];

    /// <summary>Parses one line; <paramref name="line"/> is its 1-based number, used in messages.</summary>
    public static ParsedItem ParseLine(int line, string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { return ParsedItem.Fail(line, $"invalid JSON: {e.Message}"); }
        using (doc)
        {
            try { return ParsedItem.Ok(line, new ImportRecord(ToPaper(doc.RootElement))); }
            catch (RecordException e) { return ParsedItem.Fail(line, e.Message); }
            catch (Exception e) when (e is InvalidOperationException or FormatException)
            {
                return ParsedItem.Fail(line, $"unexpected value: {e.Message}");
            }
        }
    }

    public static Paper ToPaper(JsonElement o)
    {
        if (o.ValueKind != JsonValueKind.Object) throw new RecordException("line is not a JSON object");
        var rawId = Str(o, "id") ?? throw new RecordException("missing \"id\"");
        if (!ArxivId.TryParse(rawId, out var id, out var idError)) throw new RecordException($"invalid \"id\": {idError}");
        var title = Str(o, "title");
        if (string.IsNullOrWhiteSpace(title)) throw new RecordException($"{id}: missing \"title\"");
        var abs = Str(o, "abstract");
        if (string.IsNullOrWhiteSpace(abs)) throw new RecordException($"{id}: missing \"abstract\"");

        var versions = Versions(o, id);
        var first = versions.Count > 0 ? versions[0] : null;
        var last = versions.Count > 0 ? versions[^1] : null;
        return new Paper
        {
            ArxivId = id.Id,
            Version = last?.Version ?? id.Version,
            Title = title,
            Abstract = abs,
            PublishedAt = first?.Version == 1 ? first.SubmittedAt : null,
            UpdatedAt = last?.SubmittedAt ?? UpdateDate(o),
            Versions = versions,
            Categories = (Str(o, "categories") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Doi = Str(o, "doi"),
            JournalRef = Str(o, "journal-ref"),
            Comments = Str(o, "comments"),
            License = Str(o, "license"),
            Submitter = Str(o, "submitter"),
            Authors = Authors(o),
        };
    }

    private static List<PaperVersion> Versions(JsonElement o, ArxivId id)
    {
        if (!o.TryGetProperty("versions", out var arr) || arr.ValueKind == JsonValueKind.Null) return [];
        if (arr.ValueKind != JsonValueKind.Array) throw new RecordException($"{id}: \"versions\" is not an array");
        var list = new List<PaperVersion>(arr.GetArrayLength());
        foreach (var v in arr.EnumerateArray())
        {
            var name = Str(v, "version");
            if (name is null || name.Length < 2 || name[0] != 'v' || !int.TryParse(name.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                throw new RecordException($"{id}: invalid version \"{name}\" (expected v1, v2 …)");
            var created = Str(v, "created");
            DateTimeOffset? at = null;
            if (created is not null)
            {
                if (!DateTimeOffset.TryParseExact(created, VersionDateFormats, CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
                    throw new RecordException($"{id}: {name} \"created\" is not a date: \"{created}\"");
                at = t;
            }
            list.Add(new PaperVersion(n, at));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        return list;
    }

    private static DateTimeOffset? UpdateDate(JsonElement o) =>
        Str(o, "update_date") is { } s && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
            : null;

    /// <summary>Authors from <c>authors_parsed</c> ("First Last Suffix", affiliation when given), else from the flat string.</summary>
    private static List<PaperAuthor> Authors(JsonElement o)
    {
        if (o.TryGetProperty("authors_parsed", out var parsed) && parsed.ValueKind == JsonValueKind.Array && parsed.GetArrayLength() > 0)
        {
            var list = new List<PaperAuthor>(parsed.GetArrayLength());
            foreach (var a in parsed.EnumerateArray())
            {
                if (a.ValueKind != JsonValueKind.Array) continue;
                string? last = null, first = null, suffix = null, affiliation = null;
                var i = 0;
                foreach (var part in a.EnumerateArray())
                {
                    var s = part.ValueKind == JsonValueKind.String ? part.GetString() : null;
                    switch (i++)
                    {
                        case 0: last = s; break;
                        case 1: first = s; break;
                        case 2: suffix = s; break;
                        case 3: affiliation = s; break;
                    }
                }
                var name = PaperText.CollapseWhitespace(LatexText.ToUnicode(string.Join(' ', new[] { first, last, suffix }.Where(x => !string.IsNullOrWhiteSpace(x)))));
                if (name.Length == 0) continue;
                list.Add(new PaperAuthor(name)
                {
                    Affiliation = string.IsNullOrWhiteSpace(affiliation) ? null : PaperText.CollapseWhitespace(LatexText.ToUnicode(affiliation)),
                });
            }
            return list;
        }
        // Older dumps lack authors_parsed: "A. One, B. Two and C. Three".
        var flat = Str(o, "authors");
        if (flat is null) return [];
        return flat.Replace(" and ", ", ", StringComparison.Ordinal)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => PaperText.CollapseWhitespace(LatexText.ToUnicode(n)))
            .Where(n => n.Length > 0)
            .Select(n => new PaperAuthor(n))
            .ToList();
    }

    private static string? Str(JsonElement e, string prop) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(prop, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() is { Length: > 0 } s ? s : null
            : null;
}
