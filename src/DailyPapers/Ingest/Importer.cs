using System.Diagnostics;
using System.Threading.Channels;
using DailyPapers.Papers;
using DailyPapers.Storage;

namespace DailyPapers.Ingest;

public sealed record ImportOptions
{
    // Records per transaction: fewer commits make bulk imports ~1.5x faster (less WAL traffic), while a batch
    // still holds the write lock for well under a second, so votes and submissions wait little.
    public const int DefaultBatchSize = 2_000;
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
    /// <remarks>
    /// Reading and parsing run on a background task while the previous batch is written, one batch ahead: parsing
    /// a record costs about as much as writing it, so a bulk import uses two cores, and memory stays at two batches.
    /// </remarks>
    public async Task<ImportCounts> ImportItemsAsync(IEnumerable<ParsedItem> items, string source, ImportOptions? options = null,
        Action<ImportProgress>? progress = null, CancellationToken ct = default)
    {
        options ??= new ImportOptions();
        var batchSize = Math.Max(1, options.BatchSize);
        var counts = ImportCounts.Zero;
        var sw = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var batches = Channel.CreateBounded<(List<ImportRecord> Records, List<int> Lines, int Rejected)>(
            new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        // Cancelled when the writer fails, so the reader does not wait forever on a full channel.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var reader = Task.Run(async () =>
        {
            try
            {
                var batch = new List<ImportRecord>(batchSize);
                var lines = new List<int>(batchSize);
                var rejected = 0;
                foreach (var item in items)
                {
                    stop.Token.ThrowIfCancellationRequested();
                    if (item.Record is { } r)
                    {
                        batch.Add(r);
                        lines.Add(item.Line);
                        if (batch.Count < batchSize) continue;
                        await batches.Writer.WriteAsync((batch, lines, rejected), stop.Token);
                        batch = new List<ImportRecord>(batchSize);
                        lines = new List<int>(batchSize);
                        rejected = 0;
                    }
                    else
                    {
                        rejected++;
                        _log(FormatRejection(source, item));
                    }
                }
                if (batch.Count > 0 || rejected > 0) await batches.Writer.WriteAsync((batch, lines, rejected), stop.Token);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        }, CancellationToken.None);

        try
        {
            await foreach (var (batch, lines, rejected) in batches.Reader.ReadAllAsync(CancellationToken.None))
            {
                counts = counts with { Rejected = counts.Rejected + rejected };
                if (batch.Count > 0)
                    counts = await WriteBatchAsync(batch, lines, source, counts, ct);
                if (progress is not null && sw.Elapsed - lastReport >= options.ProgressInterval)
                {
                    lastReport = sw.Elapsed;
                    progress(new ImportProgress(source, counts, sw.Elapsed));
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await reader;
        }
        Telemetry.DailyPapersMetrics.RecordImport(counts); // /metrics: dailypapers_import_records_total
        return counts;
    }

    public static string FormatRejection(string source, ParsedItem item) =>
        item.Line > 0 ? $"{source}:{item.Line}: {item.Error}" : $"{source}: {item.Error}";
}
