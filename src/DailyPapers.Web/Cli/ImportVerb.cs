using System.CommandLine;
using DailyPapers.Ingest;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>import FILE...</c>: exit 0 when every record was imported, 1 when some were rejected (the rest are imported,
/// or with --strict nothing is) or a file cannot be read, 2 on bad usage (no file, a missing file).
/// </summary>
public sealed class ImportVerb : IVerb
{
    private readonly Argument<string[]> _files = new("FILE")
    {
        Description = "HF daily-papers JSON/JSONL, Kaggle arXiv JSONL, OAI-PMH XML or arXiv Atom files (.gz too); the format is read from the content",
        Arity = ArgumentArity.ZeroOrMore,
    };
    private readonly Option<bool> _strict = CliOptions.Flag("--strict", "import nothing if any record is rejected");
    private readonly Option<int> _batch = CliOptions.Int("--batch", "N", "records written per transaction", ImportOptions.DefaultBatchSize, 1, 100_000);

    public Command Define() => new("import", "import HF daily-papers JSON/JSONL, Kaggle arXiv JSONL, OAI-PMH XML or arXiv Atom files (.gz too)")
    {
        _files, _strict, _batch,
    };

    public async Task<int> RunAsync(VerbContext cx)
    {
        var files = cx.Value(_files) ?? [];
        if (files.Length == 0) throw new CliUsageException("name at least one FILE");
        foreach (var f in files)
        {
            if (Directory.Exists(f)) throw new CliUsageException($"{f} is a folder; name the files in it");
            if (!File.Exists(f)) throw new CliUsageException($"no such file: {f}");
        }
        var options = new ImportOptions { Strict = cx.Value(_strict), BatchSize = cx.Value(_batch) };
        var importer = new Importer(cx.Service<PaperStore>(), m => cx.Error.WriteLine(m));
        ImportCounts counts;
        try
        {
            foreach (var f in files) cx.Error.WriteLine($"import: {f}: {FormatDetector.Describe(FormatDetector.DetectFile(f))}");
            counts = await importer.ImportFilesAsync(files, options, p => cx.Error.WriteLine(p.ToString()), cx.Cancellation);
        }
        catch (ImportRejectedException e)
        {
            cx.Error.WriteLine($"import: {e.Message}");
            return 1;
        }
        catch (ImportFailedException e)
        {
            // The database refused a record: its message names the file and line; what preceded it is kept.
            cx.Error.WriteLine(e.Message);
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
