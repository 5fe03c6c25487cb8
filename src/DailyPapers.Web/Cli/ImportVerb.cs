using DailyPapers.Ingest;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

public static class ImportVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Positionals.Count == 0) throw new CliUsageException("name at least one FILE");
        foreach (var f in cx.Positionals)
            if (!File.Exists(f)) throw new CliUsageException($"no such file: {f}");
        var options = new ImportOptions { Strict = cx.Flag("--strict"), BatchSize = cx.IntOption("--batch", 500, 1, 100_000) };
        var importer = new Importer(new PaperStore(cx.Database), m => cx.Error.WriteLine(m));
        var counts = await importer.ImportFilesAsync(cx.Positionals.ToList(), options, p => cx.Error.WriteLine(p.ToString()), cx.Cancellation);
        cx.Out.WriteLine(counts.ToString());
        return 0;
    }
}
