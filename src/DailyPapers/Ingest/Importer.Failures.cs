using DailyPapers.Papers;

namespace DailyPapers.Ingest;

/// <summary>
/// The database refused a record (a constraint, a trigger, a value it cannot store). Every batch before it and every
/// record of its batch before it are committed (<see cref="Committed"/>); the message names the file and line.
/// </summary>
public sealed class ImportFailedException(string message, ImportCounts committed, Exception inner)
    : InvalidOperationException(message, inner)
{
    public ImportCounts Committed { get; } = committed;
}

public sealed partial class Importer
{
    /// <summary>
    /// Writes one batch in one transaction. When it fails, the batch is rolled back and written again one record per
    /// transaction, so the records before the culprit are kept and the culprit is reported with its line.
    /// </summary>
    private async Task<ImportCounts> WriteBatchAsync(List<ImportRecord> batch, List<int> lines, string source, ImportCounts counts,
        CancellationToken ct)
    {
        try
        {
            foreach (var o in await store.ImportBatchAsync(batch, ct)) counts = counts.Add(o);
            return counts;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _log($"import: {source}: a batch of {batch.Count:N0} records (lines {lines[0]}–{lines[^1]}) failed ({e.Message}); writing it record by record");
        }
        for (var i = 0; i < batch.Count; i++)
        {
            try
            {
                foreach (var o in await store.ImportBatchAsync([batch[i]], ct)) counts = counts.Add(o);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var where = lines[i] > 0 ? $"{source}:{lines[i]}" : source;
                throw new ImportFailedException(
                    $"import: {where}: {batch[i].Paper.ArxivId}: the database refused it: {e.Message} ({counts.Total:N0} records before it were imported)",
                    counts, e);
            }
        }
        return counts;
    }
}
