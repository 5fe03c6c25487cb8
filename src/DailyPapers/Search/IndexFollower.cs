using System.Diagnostics;
using DailyPapers.Storage;

namespace DailyPapers.Search;

/// <summary>
/// Keeps a node's <see cref="LuceneIndex"/> current by following the database's <c>paper_changes</c> log, so
/// every node on a shared database converges the same way. Also rebuilds the index from scratch.
/// </summary>
/// <remarks>
/// Concurrent writers on PostgreSQL can commit seqs out of order, so the follower reads through a
/// <see cref="SeqCursor"/>: a change that commits late with a lower seq is still applied, and the seq stored in the
/// index (where a restarted node resumes) never passes a hole that may yet fill.
/// </remarks>
public sealed class IndexFollower(LuceneIndex index, PaperStore store, Action<string>? log = null, TimeSpan? grace = null, TimeProvider? clock = null)
{
    /// <summary>Changes read per round trip.</summary>
    public const int ChangeBatch = 2000;
    /// <summary>Papers loaded per query during a rebuild.</summary>
    public const int RebuildBatch = 1000;
    /// <summary>Commit to disk at most this often while following; the NRT searcher sees changes at once anyway.</summary>
    public static readonly TimeSpan CommitInterval = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lastCommitTicks = Stopwatch.GetTimestamp();
    private long _uncommittedSeq = -1;
    private SeqCursor? _cursor;

    public LuceneIndex Index => index;

    /// <summary>A catch-up that runs longer than this logs its progress at most this often (after an import of millions).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Applies every change after the index's seq. Returns the number of papers updated or deleted.</summary>
    /// <param name="wait">False: return 0 at once when another catch-up is running (search requests use this).</param>
    public async Task<int> CatchUpAsync(bool wait = true, CancellationToken ct = default)
    {
        if (!await _gate.WaitAsync(wait ? Timeout.Infinite : 0, ct)) return 0;
        try
        {
            var cursor = _cursor ??= new SeqCursor(index.AppliedSeq, grace ?? SeqCursor.DefaultGrace, clock);
            var applied = 0;
            // Re-read from the watermark so late commits below the highest seen seq are found; skip what was applied.
            var after = cursor.Watermark;
            var progress = new CatchUpProgress(after, ProgressInterval);
            while (true)
            {
                var changes = await store.GetChangesAsync(after, ChangeBatch, ct);
                var fresh = changes.Where(c => cursor.IsNew(c.Seq)).ToList();
                cursor.Observe(changes.Select(c => c.Seq));
                if (fresh.Count > 0)
                {
                    var ids = fresh.Select(c => c.PaperId).Distinct().ToList();
                    var docs = await store.GetSearchDocsByIdAsync(ids, ct);
                    index.Upsert(docs);
                    var present = docs.Select(d => d.PaperId).ToHashSet();
                    index.Delete(ids.Where(id => !present.Contains(id)));
                    index.Refresh();
                    applied += ids.Count;
                }
                if (cursor.Watermark != index.AppliedSeq)
                {
                    index.MarkApplied(cursor.Watermark, durable: false);
                    _uncommittedSeq = cursor.Watermark;
                }
                if (changes.Count < ChangeBatch) break;
                after = changes[^1].Seq;
                if (log is not null && progress.Due()) log(await progress.LineAsync(after, store, ct));
            }
            if (log is not null && progress.Reported) log(progress.Done(applied));
            if (_uncommittedSeq >= 0 && Stopwatch.GetElapsedTime(_lastCommitTicks) >= CommitInterval) Flush();
            return applied;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Commits what has been applied (on shutdown and every <see cref="CommitInterval"/>).</summary>
    public void Flush()
    {
        if (_uncommittedSeq < 0) return;
        index.MarkApplied(_uncommittedSeq, durable: true);
        _uncommittedSeq = -1;
        _lastCommitTicks = Stopwatch.GetTimestamp();
    }

    /// <summary>
    /// Rebuilds the whole index from the database. The change seq is read first, so changes made during the
    /// rebuild are applied again afterwards (applying a change twice is harmless).
    /// </summary>
    public async Task<int> RebuildAsync(CancellationToken ct = default)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var sw = Stopwatch.StartNew();
            var seq = await store.GetLastChangeSeqAsync(ct);
            index.DeleteAll();
            long after = 0;
            var total = 0;
            while (true)
            {
                var docs = await store.GetSearchDocsAsync(after, RebuildBatch, ct);
                if (docs.Count == 0) break;
                index.Upsert(docs);
                total += docs.Count;
                after = docs[^1].PaperId;
                if (total % (RebuildBatch * 5) == 0)
                    log?.Invoke($"reindex: {total:N0} papers, {total / Math.Max(0.001, sw.Elapsed.TotalSeconds):N0}/s");
            }
            index.MarkApplied(seq, durable: true);
            index.Refresh();
            _uncommittedSeq = -1;
            // Changes that commit later with a seq at or below the one read are applied by the next catch-up.
            _cursor = new SeqCursor(seq, grace ?? SeqCursor.DefaultGrace, clock);
            log?.Invoke($"reindex: {total:N0} papers in {sw.Elapsed.TotalSeconds:N1} s, up to change {seq}");
            return total;
        }
        finally { _gate.Release(); }
    }
}

/// <summary>Progress lines of one long catch-up: "index: catching up 120,000 / 1,000,000 changes (12%), 4,100/s".</summary>
internal sealed class CatchUpProgress(long startSeq, TimeSpan interval)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _last = Stopwatch.GetTimestamp();
    private long _target = -1;
    public bool Reported { get; private set; }

    public bool Due() => Stopwatch.GetElapsedTime(_last) >= interval;

    public async Task<string> LineAsync(long seq, PaperStore store, CancellationToken ct)
    {
        _last = Stopwatch.GetTimestamp();
        Reported = true;
        // Seqs count changes (identity gaps aside); the target is read once, when the first line is due.
        if (_target < seq) _target = await store.GetLastChangeSeqAsync(ct);
        var done = seq - startSeq;
        var total = Math.Max(done, _target - startSeq);
        var seconds = Math.Max(0.001, Stopwatch.GetElapsedTime(_started).TotalSeconds);
        return $"index: catching up {done:N0} / {total:N0} changes ({100.0 * done / Math.Max(1, total):N0}%), {done / seconds:N0}/s";
    }

    public string Done(int papers) =>
        $"index: caught up, {papers:N0} papers in {Stopwatch.GetElapsedTime(_started).TotalSeconds:N1} s";
}
