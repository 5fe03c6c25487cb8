using DailyPapers.Papers;

namespace DailyPapers.Ingest;

/// <summary>
/// <c>--strict</c> found rejected records, so nothing was written. The message lists the first ones and the count.
/// </summary>
public sealed class ImportRejectedException(string message, IReadOnlyList<string> firstErrors, int rejected)
    : InvalidOperationException(message)
{
    public IReadOnlyList<string> FirstErrors { get; } = firstErrors;
    public int Rejected { get; } = rejected;
}

public sealed partial class Importer
{
    /// <summary>How many rejections a strict run lists before it only counts.</summary>
    public const int StrictErrorsShown = 20;

    /// <summary>
    /// Imports files one after another; the format of each is detected from its content (gzip or plain). Every
    /// file is read as a stream, so its size does not matter. With <see cref="ImportOptions.Strict"/> all files are
    /// validated first and nothing is written when any record is rejected.
    /// </summary>
    public async Task<ImportCounts> ImportFilesAsync(IReadOnlyList<string> paths, ImportOptions? options = null,
        Action<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new ImportOptions();
        // Detect every format before writing anything, so an unreadable last file does not leave a half import.
        var files = paths.Select(p => (Path: p, Format: FormatDetector.DetectFile(p))).ToList();
        if (options.Strict) Validate(files, ct);

        var total = ImportCounts.Zero;
        foreach (var (path, format) in files)
        {
            total += await ImportItemsAsync(ReadFile(path, format), path, options, progress, ct);
        }
        return total;
    }

    private void Validate(List<(string Path, ImportFormat Format)> files, CancellationToken ct)
    {
        var errors = new List<string>();
        var rejected = 0;
        var checkedRecords = 0;
        foreach (var (path, format) in files)
        {
            foreach (var item in ReadFile(path, format))
            {
                ct.ThrowIfCancellationRequested();
                checkedRecords++;
                if (item.Error is null) continue;
                rejected++;
                if (errors.Count < StrictErrorsShown) errors.Add(FormatRejection(path, item));
            }
        }
        if (rejected == 0)
        {
            return;
        }
        var more = rejected > errors.Count ? $"\n… and {rejected - errors.Count:N0} more" : "";
        throw new ImportRejectedException(
            $"--strict: {rejected:N0} of {checkedRecords:N0} records rejected, nothing imported:\n{string.Join('\n', errors)}{more}",
            errors, rejected);
    }

    /// <summary>The records of one file, parsed lazily as the file is read.</summary>
    public static IEnumerable<ParsedItem> ReadFile(string path, ImportFormat format)
    {
        switch (format)
        {
            case ImportFormat.HfJsonLines:
            {
                var fileDate = HfDailyPapersParser.DateFromFileName(path);
                return ReadLines(path, (line, text) => HfDailyPapersParser.ParseLine(line, text, fileDate));
            }
            case ImportFormat.KaggleJsonLines:
                return ReadLines(path, KaggleSnapshotParser.ParseLine);
            case ImportFormat.HfJsonArray:
                return ReadHfArray(path);
            case ImportFormat.OaiPmh:
                return ReadOaiPmh(path);
            case ImportFormat.Atom:
                return ReadAtom(path);
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, null);
        }
    }

    private static IEnumerable<ParsedItem> ReadLines(string path, Func<int, string, ParsedItem> parse)
    {
        using var s = FormatDetector.OpenRead(path);
        using var reader = new StreamReader(s, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return parse(line, text);
        }
    }

    // One API response holds at most a few hundred items, so it is read whole (the array needs its closing bracket).
    private static IEnumerable<ParsedItem> ReadHfArray(string path)
    {
        byte[] bytes;
        using (var s = FormatDetector.OpenRead(path))
        using (var ms = new MemoryStream())
        {
            s.CopyTo(ms);
            bytes = ms.ToArray();
        }
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        return HfDailyPapersParser.ParseArray(start == 0 ? bytes : bytes[start..], HfDailyPapersParser.DateFromFileName(path));
    }

    private static IEnumerable<ParsedItem> ReadOaiPmh(string path)
    {
        using var s = FormatDetector.OpenRead(path);
        foreach (var item in OaiPmhParser.ParsePage(s, path).Items) yield return item;
    }

    private static IEnumerable<ParsedItem> ReadAtom(string path)
    {
        using var s = FormatDetector.OpenRead(path);
        foreach (var item in AtomParser.ReadEntries(s)) yield return item;
    }
}
