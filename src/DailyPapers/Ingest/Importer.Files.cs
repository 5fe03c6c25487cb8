using System.IO.Compression;
using DailyPapers.Papers;

namespace DailyPapers.Ingest;

public sealed partial class Importer
{
    /// <summary>Imports files one after another; the format of each is detected from its content.</summary>
    public async Task<ImportCounts> ImportFilesAsync(IReadOnlyList<string> paths, ImportOptions? options = null,
        Action<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        var total = ImportCounts.Zero;
        foreach (var path in paths)
            total += await ImportItemsAsync(ReadHfJsonLines(path), path, options, progress, ct);
        return total;
    }

    private static IEnumerable<ParsedItem> ReadHfJsonLines(string path)
    {
        using var file = File.OpenRead(path);
        using Stream s = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(s);
        var fileDate = HfDailyPapersParser.DateFromFileName(path);
        var line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            yield return HfDailyPapersParser.ParseLine(line, text, fileDate);
        }
    }
}
