using System.Diagnostics;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Ingest;

public sealed record ImportOptions
{
    public const int DefaultBatchSize = 500;
    /// <summary>Records per transaction.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;
    /// <summary>Validate every record first; when any is rejected, write nothing and fail listing the first ones.</summary>
    public bool Strict { get; init; }
    /// <summary>How often a progress line is written.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(2);
}

/// <summary>Progress of a running import, reported every <see cref="ImportOptions.ProgressInterval"/>.</summary>
public sealed record ImportProgress(string Source, ImportCounts Counts, TimeSpan Elapsed)
{
    public double RecordsPerSecond => Elapsed.TotalSeconds > 0 ? Counts.Total / Elapsed.TotalSeconds : 0;
    public override string ToString() => $"import: {Source}: {Counts.Total:N0} records ({Counts}), {RecordsPerSecond:N0}/s";
}

/// <summary>
/// Writes parsed records to the store in batches (one transaction each) and counts outcomes. Rejected records are
/// reported as <c>SOURCE:LINE: reason</c> and skipped; the rest are imported.
/// </summary>
public sealed partial class Importer(PaperStore store, Action<string>? log = null)
{
    private readonly Action<string> _log = log ?? (_ => { });

    /// <summary>Imports already-parsed items (from a file, a harvested page …) named <paramref name="source"/> in messages.</summary>
    public async Task<ImportCounts> ImportItemsAsync(IEnumerable<ParsedItem> items, string source, ImportOptions? options = null,
        Action<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new ImportOptions();
        var counts = ImportCounts.Zero;
        var batch = new List<ImportRecord>(options.BatchSize);
        var sw = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;

        async Task FlushAsync()
        {
            if (batch.Count == 0) return;
            foreach (var o in await store.ImportBatchAsync(batch, ct)) counts = counts.Add(o);
            batch.Clear();
            if (progress is not null && sw.Elapsed - lastReport >= options.ProgressInterval)
            {
                lastReport = sw.Elapsed;
                progress(new ImportProgress(source, counts, sw.Elapsed));
            }
        }

        foreach (var item in items)
        {
            ct.ThrowIfCancellationRequested();
            if (item.Record is { } r)
            {
                batch.Add(r);
                if (batch.Count >= options.BatchSize) await FlushAsync();
            }
            else
            {
                counts = counts with { Rejected = counts.Rejected + 1 };
                _log(FormatRejection(source, item));
            }
        }
        await FlushAsync();
        return counts;
    }

    public static string FormatRejection(string source, ParsedItem item) =>
        item.Line > 0 ? $"{source}:{item.Line}: {item.Error}" : $"{source}: {item.Error}";
}
