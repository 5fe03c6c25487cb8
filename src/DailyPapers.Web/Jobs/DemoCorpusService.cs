using DailyPapers.Ingest;
using DailyPapers.Storage;

namespace DailyPapers.Web.Jobs;

/// <summary>What the first-start import is doing, shown on the feed pages while it runs.</summary>
public sealed class DemoCorpusStatus
{
    public volatile bool Running;
    public volatile string? Message;
    /// <summary>How the first-start check ended (imported, nothing to import, failed …), for /readyz.</summary>
    public volatile string? Outcome;
    private readonly TaskCompletionSource _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first-start check is over (imported, skipped or failed).</summary>
    public Task Settled => _settled.Task;
    internal void MarkSettled() => _settled.TrySetResult();
}

/// <summary>
/// On the first start with an empty database, imports the shipped demo corpus (real HF daily papers) so a
/// newcomer sees papers at once. Marked done in app_state, so later starts never import again. Several nodes
/// starting together on one empty PostgreSQL import it once: the first takes a lease, the others wait for it.
/// </summary>
public sealed class DemoCorpusService(
    DailyPapersOptions options, PaperStore store, AppState state, Database db, TimeProvider clock, DemoCorpusStatus status,
    ILogger<DemoCorpusService> log) : BackgroundService
{
    public const string DoneKey = "demo_corpus_imported";
    private const string LeaseName = "demo-import";
    private static readonly TimeSpan LeaseTtl = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan WaitPoll = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken ct)
    {
        try
        {
            var lease = new JobLease(db, clock);
            var owner = JobLease.NewOwner();
            while (await state.GetAsync(DoneKey, ct) is null)
            {
                if (await lease.RunAsync(LeaseName, LockKeys.DemoImport, owner, LeaseTtl, TimeSpan.Zero, ImportOnceAsync, ct)) return;
                status.Running = true;
                status.Message = "Another node is importing the demo corpus…";
                await Task.Delay(WaitPoll, clock, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { status.Outcome = "stopped with the site"; }
        catch (Exception e)
        {
            log.LogError(e, "demo corpus: import failed; it will be retried on the next start");
            status.Outcome = $"failed ({e.Message}); retried on the next start";
        }
        finally
        {
            status.Running = false;
            status.Message = null;
            status.Outcome ??= "done on an earlier start";
            status.MarkSettled();
        }
    }

    private async Task ImportOnceAsync(CancellationToken ct)
    {
        // Another node may have finished between our check and taking the lease.
        if (await state.GetAsync(DoneKey, ct) is not null) return;
        var (papers, _, _) = await store.CountAsync(ct);
        if (papers > 0)
        {
            await state.SetAsync(DoneKey, "skipped: database not empty", ct);
            status.Outcome = "skipped: the database was not empty";
            return;
        }
        var dir = options.ResolveDemoCorpus();
        if (dir is null)
        {
            log.LogInformation("demo corpus: none found (set DailyPapers:DemoCorpus); starting with an empty database");
            status.Outcome = "nothing to import (no demo corpus)";
            return;
        }
        var files = Directory.EnumerateFiles(dir, "*.jsonl*").Order(StringComparer.Ordinal).ToList();
        status.Running = true;
        status.Message = "Importing the demo corpus…";
        log.LogInformation("demo corpus: importing {Count} files from {Dir}", files.Count, dir);
        var importer = new Importer(store, m => log.LogWarning("{Message}", m));
        var counts = await importer.ImportFilesAsync(files, new ImportOptions(), p =>
        {
            status.Message = $"Importing the demo corpus… {p.Counts.Total:N0} records so far";
            log.LogInformation("{Progress}", p.ToString());
        }, ct);
        await state.SetAsync(DoneKey, counts.ToString(), ct);
        status.Outcome = $"imported: {counts}";
        log.LogInformation("demo corpus: {Counts}", counts.ToString());
    }
}
