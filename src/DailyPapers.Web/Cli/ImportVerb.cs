using DailyPapers.Ingest;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>import FILE...</c>: exit 0 when every record was imported, 1 when some were rejected (the rest are imported,
/// or with --strict nothing is) or a file cannot be read, 2 on bad usage (no file, a missing file).
/// </summary>
public static class ImportVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Positionals.Count == 0) throw new CliUsageException("name at least one FILE");
        foreach (var f in cx.Positionals)
        {
            if (Directory.Exists(f)) throw new CliUsageException($"{f} is a folder; name the files in it");
            if (!File.Exists(f)) throw new CliUsageException($"no such file: {f}");
        }
        var options = new ImportOptions { Strict = cx.Flag("--strict"), BatchSize = cx.IntOption("--batch", ImportOptions.DefaultBatchSize, 1, 100_000) };
        var importer = new Importer(new PaperStore(cx.Database), m => cx.Error.WriteLine(m));
        ImportCounts counts;
        try
        {
            foreach (var f in cx.Positionals) cx.Error.WriteLine($"import: {f}: {FormatDetector.Describe(FormatDetector.DetectFile(f))}");
            counts = await importer.ImportFilesAsync(cx.Positionals.ToList(), options, p => cx.Error.WriteLine(p.ToString()), cx.Cancellation);
        }
        catch (ImportRejectedException e)
        {
            cx.Error.WriteLine($"import: {e.Message}");
            return 1;
        }
        catch (InvalidDataException e)
        {
            // Unrecognised or corrupt file: its message already names the file.
            cx.Error.WriteLine(e.Message);
            return 1;
        }
        cx.Out.WriteLine(counts.ToString());
        return counts.Rejected > 0 ? 1 : 0;
    }
}
