using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Papers;

namespace DailyPapers.Ingest;

/// <summary>
/// Hugging Face <c>GET /api/daily_papers</c> items: a JSON array per day (the raw response) or JSON lines with
/// <c>_feed_date</c>. Handles the 2024, 2025 and 2026 shapes (see shared/data/SOURCES.md §1).
/// The feed date of an entry: <c>_feed_date</c>, else <c>paper.submittedOnDailyAt</c>, else a date in the file
/// name, else the top-level <c>publishedAt</c>.
/// </summary>
public static partial class HfDailyPapersParser
{
    [GeneratedRegex(@"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")]
    private static partial Regex DateInName();

    /// <summary>The date a file name carries (<c>2025-06-16.json</c>), used when items carry none.</summary>
    public static DateOnly? DateFromFileName(string? name)
    {
        if (name is null) return null;
        var matches = DateInName().Matches(Path.GetFileName(name));
        // A range like 2024-05-27_2026-08-21 names no single day.
        if (matches.Count != 1) return null;
        return DateOnly.TryParseExact(matches[0].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>Parses a whole JSON array (one API response). Line numbers are those of each item's opening brace.</summary>
    public static IEnumerable<ParsedItem> ParseArray(byte[] utf8, DateOnly? fileDate)
    {
        var items = new List<(int Line, JsonElement? Item, string? Error)>();
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                throw new RecordException("expected a JSON array of daily-paper items");
            int line = 1, counted = 0;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                for (var i = counted; i < start; i++) if (utf8[i] == (byte)'\n') line++;
                counted = start;
                using var doc = JsonDocument.ParseValue(ref reader);
                items.Add((line, doc.RootElement.Clone(), null));
            }
        }
        catch (JsonException e)
        {
            items.Add(((int)(e.LineNumber ?? 0) + 1, null, $"invalid JSON: {e.Message}"));
        }
        foreach (var (line, item, error) in items)
            yield return item is { } el ? ParseItem(line, el, fileDate) : ParsedItem.Fail(line, error!);
    }

    /// <summary>Parses one JSON line.</summary>
    public static ParsedItem ParseLine(int line, string json, DateOnly? fileDate)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json); }
        catch (JsonException e) { return ParsedItem.Fail(line, $"invalid JSON: {e.Message}"); }
        using (doc) return ParseItem(line, doc.RootElement, fileDate);
    }

    public static ParsedItem ParseItem(int line, JsonElement item, DateOnly? fileDate)
    {
        try { return ParsedItem.Ok(line, ToRecord(item, fileDate)); }
        catch (RecordException e) { return ParsedItem.Fail(line, e.Message); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
        {
            return ParsedItem.Fail(line, $"unexpected value: {e.Message}");
        }
    }

    public static ImportRecord ToRecord(JsonElement item, DateOnly? fileDate)
    {
        if (item.ValueKind != JsonValueKind.Object) throw new RecordException("item is not a JSON object");
        // /api/papers/{id} returns the paper flat; daily items nest it under "paper".
        var nested = item.TryGetProperty("paper", out var p) && p.ValueKind == JsonValueKind.Object;
        var paper = nested ? p : item;
        var rawId = Str(paper, "id") ?? throw new RecordException("missing \"paper.id\"");
        if (!ArxivId.TryParse(rawId, out var id, out var idError)) throw new RecordException(idError);
        var title = Str(paper, "title") ?? Str(item, "title") ?? throw new RecordException("missing \"paper.title\"");
        var summary = Str(paper, "summary") ?? Str(item, "summary") ?? throw new RecordException("missing \"paper.summary\"");

        var org = Org(paper, "organization") ?? Org(item, "organization") ?? Org(item, "submitterOrganization");
        var media = StrList(paper, "mediaUrls");
        if (media.Count == 0) media = StrList(item, "mediaUrls");
        if (media.Count == 0 && Str(item, "mediaUrl") is { } single) media = [single];

        var result = new Paper
        {
            ArxivId = id.Id,
            Version = id.Version,
            Title = title,
            Abstract = summary,
            PublishedAt = Time(paper, "publishedAt"),
            // Rendered as links: anything but http(s) (javascript:…, data:…) is dropped here, the paper kept.
            GithubRepo = WebLink.HttpOrNull(Str(paper, "githubRepo")),
            GithubStars = Int(paper, "githubStars"),
            ProjectPage = WebLink.HttpOrNull(Str(paper, "projectPage")),
            AiSummary = Str(paper, "ai_summary") ?? Str(item, "ai_summary"),
            AiKeywords = StrList(paper, "ai_keywords") is { Count: > 0 } k ? k : StrList(item, "ai_keywords"),
            Thumbnail = Str(item, "thumbnail"),
            MediaUrls = media,
            HfUpvotes = Int(paper, "upvotes") ?? 0,
            DiscussionId = Str(paper, "discussionId"),
            WithdrawnAt = Time(paper, "withdrawnAt"),
            Organization = org,
            Authors = Authors(paper),
        };

        // Flat /api/papers/{id} objects are not feed entries.
        if (!nested) return new ImportRecord(result);

        var submittedOnDailyAt = Time(paper, "submittedOnDailyAt");
        var topPublished = Time(item, "publishedAt");
        DateOnly feedDate;
        if (Str(item, "_feed_date") is { } fd)
        {
            if (!DateOnly.TryParseExact(fd, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out feedDate))
                throw new RecordException($"invalid \"_feed_date\" \"{fd}\" (expected YYYY-MM-DD)");
        }
        else if (submittedOnDailyAt is { } s) feedDate = DateOnly.FromDateTime(s.UtcDateTime);
        else if (fileDate is { } f) feedDate = f;
        else if (topPublished is { } t) feedDate = DateOnly.FromDateTime(t.UtcDateTime);
        else throw new RecordException("no feed date: none of \"_feed_date\", \"paper.submittedOnDailyAt\", a date in the file name or \"publishedAt\"");

        var entry = new DailyEntry
        {
            ArxivId = id.Id,
            FeedDate = feedDate,
            SubmittedAt = submittedOnDailyAt ?? topPublished,
            SubmittedBy = User(item, "submittedBy", "name") ?? User(paper, "submittedOnDailyBy", "user"),
            Organization = Org(item, "organization") ?? Org(item, "submitterOrganization") ?? org,
            Title = Str(item, "title"),
            NumComments = Int(item, "numComments") ?? 0,
            IsAuthorParticipating = Bool(item, "isAuthorParticipating"),
        };
        return new ImportRecord(result, entry);
    }

    private static List<PaperAuthor> Authors(JsonElement paper)
    {
        if (!paper.TryGetProperty("authors", out var arr) || arr.ValueKind != JsonValueKind.Array)
            throw new RecordException("missing \"paper.authors\"");
        var list = new List<PaperAuthor>(arr.GetArrayLength());
        foreach (var a in arr.EnumerateArray())
        {
            var name = a.ValueKind == JsonValueKind.String ? a.GetString() : Str(a, "name");
            if (string.IsNullOrWhiteSpace(name)) continue;
            if (a.ValueKind != JsonValueKind.Object) { list.Add(new PaperAuthor(name)); continue; }
            var status = Str(a, "status");
            if (status is not null && !AuthorStatus.All.Contains(status))
                throw new RecordException($"unknown author status \"{status}\" for \"{name}\"");
            list.Add(new PaperAuthor(name)
            {
                Status = status,
                Hidden = Bool(a, "hidden") ?? false,
                HfId = Str(a, "_id"),
                StatusChangedAt = Time(a, "statusLastChangedAt"),
                User = User(a, "user", "user"),
            });
        }
        return list;
    }

    /// <summary>An HF user object; the handle is in <paramref name="handleField"/> ("name" or "user" by context).</summary>
    private static UserRef? User(JsonElement parent, string prop, string handleField)
    {
        if (!parent.TryGetProperty(prop, out var u) || u.ValueKind != JsonValueKind.Object) return null;
        var handle = Str(u, handleField) ?? Str(u, handleField == "name" ? "user" : "name");
        if (string.IsNullOrWhiteSpace(handle)) return null;
        return new UserRef(handle)
        {
            FullName = Str(u, "fullname"),
            AvatarUrl = Str(u, "avatarUrl"),
            HfId = Str(u, "_id") ?? Str(u, "id"),
            IsPro = Bool(u, "isPro") ?? false,
        };
    }

    private static OrganizationRef? Org(JsonElement parent, string prop)
    {
        if (!parent.TryGetProperty(prop, out var o) || o.ValueKind != JsonValueKind.Object) return null;
        var name = Str(o, "name");
        if (string.IsNullOrWhiteSpace(name)) return null;
        return new OrganizationRef(name) { FullName = Str(o, "fullname"), AvatarUrl = Str(o, "avatar"), HfId = Str(o, "_id") };
    }

    internal static string? Str(JsonElement e, string prop) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(prop, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString() is { Length: > 0 } s ? s : null
            : null;

    private static int? Int(JsonElement e, string prop)
    {
        if (!e.TryGetProperty(prop, out var v)) return null;
        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt32(out var i) => i,
            JsonValueKind.Null => null,
            JsonValueKind.Undefined => null,
            _ => throw new RecordException($"\"{prop}\" is not an integer"),
        };
    }

    private static bool? Bool(JsonElement e, string prop) =>
        e.TryGetProperty(prop, out var v) ? v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        } : null;

    private static List<string> StrList(JsonElement e, string prop) =>
        e.TryGetProperty(prop, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];

    private static DateTimeOffset? Time(JsonElement e, string prop)
    {
        var s = Str(e, prop);
        if (s is null) return null;
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new RecordException($"\"{prop}\" is not a timestamp: \"{s}\"");
    }
}
