using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace DailyPapers.Ingest;

public enum ImportFormat
{
    /// <summary>One HF <c>/api/daily_papers</c> response: a JSON array of items.</summary>
    HfJsonArray,
    /// <summary>HF daily-paper items (or flat <c>/api/papers/{id}</c> objects), one per line.</summary>
    HfJsonLines,
    /// <summary>The Kaggle arXiv metadata snapshot, one paper per line.</summary>
    KaggleJsonLines,
    OaiPmh,
    Atom,
}

/// <summary>
/// Tells a file's format from its content, never from its name: gzip is recognised by its magic bytes, then the
/// first bytes say JSON array, JSON lines (and whose) or XML (and which root).
/// </summary>
public static class FormatDetector
{
    // Enough for the first few JSON lines even when HF items carry long author lists (~30 KB each).
    private const int PrefixBytes = 256 * 1024;
    private const int LinesToTry = 20;

    /// <summary>The format in words, for log lines.</summary>
    public static string Describe(ImportFormat f) => f switch
    {
        ImportFormat.HfJsonArray => "Hugging Face daily-papers response (JSON array)",
        ImportFormat.HfJsonLines => "Hugging Face daily-papers items (JSON lines)",
        ImportFormat.KaggleJsonLines => "Kaggle arXiv metadata snapshot (JSON lines)",
        ImportFormat.OaiPmh => "arXiv OAI-PMH XML",
        ImportFormat.Atom => "arXiv Atom API response",
        _ => f.ToString(),
    };

    /// <summary>Opens a file for reading, decompressing it when it starts with the gzip magic bytes (1F 8B).</summary>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            Span<byte> magic = stackalloc byte[2];
            var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
            file.Position = 0;
            if (n == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
                return new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16);
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The format of <paramref name="path"/>; an <see cref="InvalidDataException"/> naming the file and what it starts with otherwise.</summary>
    public static ImportFormat DetectFile(string path)
    {
        byte[] prefix;
        using (var s = OpenRead(path))
        {
            var buffer = new byte[PrefixBytes];
            int n;
            try { n = s.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false); }
            catch (InvalidDataException e) { throw new InvalidDataException($"import: {path}: looks like gzip but cannot be decompressed: {e.Message}", e); }
            prefix = buffer[..n];
        }
        return Detect(prefix, path);
    }

    /// <summary>Detects the format from the first bytes of the (decompressed) content.</summary>
    public static ImportFormat Detect(ReadOnlySpan<byte> prefix, string name)
    {
        var start = 0;
        if (prefix.StartsWith("\uFEFF"u8)) start = 3;
        while (start < prefix.Length && prefix[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') start++;
        if (start >= prefix.Length) throw new InvalidDataException($"import: {name}: the file is empty");
        var content = prefix[start..];
        return content[0] switch
        {
            (byte)'[' => ImportFormat.HfJsonArray,
            (byte)'{' => DetectJsonLines(content, name),
            (byte)'<' => DetectXml(prefix.ToArray(), name),
            _ => throw Unrecognised(content, name, "expected JSON (an array or one object per line) or XML"),
        };
    }

    private static ImportFormat DetectJsonLines(ReadOnlySpan<byte> content, string name)
    {
        // The first line may itself be broken (it is then reported as a rejected record): look at the first that parses.
        var rest = content;
        for (var tried = 0; tried < LinesToTry && rest.Length > 0; tried++)
        {
            var nl = rest.IndexOf((byte)'\n');
            var line = nl < 0 ? rest : rest[..nl];
            rest = nl < 0 ? [] : rest[(nl + 1)..];
            if (line.Trim(" \t\r"u8).IsEmpty) continue;
            try
            {
                var reader = new Utf8JsonReader(line);
                using var doc = JsonDocument.ParseValue(ref reader);
                var o = doc.RootElement;
                if (o.ValueKind != JsonValueKind.Object) continue;
                if (o.TryGetProperty("paper", out _) || o.TryGetProperty("_feed_date", out _)) return ImportFormat.HfJsonLines;
                if (o.TryGetProperty("id", out _) && o.TryGetProperty("abstract", out _)) return ImportFormat.KaggleJsonLines;
                // Flat /api/papers/{id} objects call the abstract "summary".
                if (o.TryGetProperty("id", out _) && o.TryGetProperty("summary", out _)) return ImportFormat.HfJsonLines;
                throw Unrecognised(line, name, "a JSON object that is neither an HF daily-papers item (\"paper\", \"_feed_date\") nor a Kaggle arXiv record (\"id\", \"abstract\")");
            }
            catch (JsonException) { }
        }
        throw Unrecognised(content, name, "no line of the first ones is a JSON object");
    }

    private static ImportFormat DetectXml(byte[] prefix, string name)
    {
        try
        {
            using var r = XmlReader.Create(new MemoryStream(prefix), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, IgnoreComments = true });
            if (r.MoveToContent() == XmlNodeType.Element)
            {
                if (r.LocalName == "OAI-PMH") return ImportFormat.OaiPmh;
                if (r.LocalName == "feed" && r.NamespaceURI == AtomParser.AtomNs) return ImportFormat.Atom;
                throw new InvalidDataException($"import: {name}: unrecognised XML root <{r.Name}>{(r.NamespaceURI.Length > 0 ? $" in namespace {r.NamespaceURI}" : "")} (expected <OAI-PMH> or an Atom <feed>)");
            }
        }
        catch (XmlException e)
        {
            throw new InvalidDataException($"import: {name}: not well-formed XML before the root element: {e.Message}", e);
        }
        throw Unrecognised(prefix, name, "XML without a root element");
    }

    private static InvalidDataException Unrecognised(ReadOnlySpan<byte> seen, string name, string why)
    {
        var text = Encoding.UTF8.GetString(seen[..Math.Min(seen.Length, 60)]).ReplaceLineEndings(" ");
        var shown = new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return new InvalidDataException($"import: {name}: unrecognised format ({why}); it starts with \"{shown}\"");
    }
}
