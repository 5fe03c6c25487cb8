using System.Diagnostics;
using DailyPapers.Storage;

namespace DailyPapers.Search;

/// <summary>
/// Keeps a node's <see cref="LuceneIndex"/> current by following the database's <c>paper_changes</c> log, so
/// every node on a shared database converges the same way. Also rebuilds the index from scratch.
/// </summary>
public sealed class IndexFollower(LuceneIndex index, PaperStore store, Action<string>? log = null)
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

    public LuceneIndex Index => index;

    /// <summary>Applies every change after the index's seq. Returns the number of papers updated or deleted.</summary>
    /// <param name="wait">False: return 0 at once when another catch-up is running (search requests use this).</param>
    public async Task<int> CatchUpAsync(bool wait = true, CancellationToken ct = default)
    {
        if (!await _gate.WaitAsync(wait ? Timeout.Infinite : 0, ct)) return 0;
        try
        {
            var applied = 0;
            while (true)
            {
                var changes = await store.GetChangesAsync(index.AppliedSeq, ChangeBatch, ct);
                if (changes.Count == 0) break;
                var ids = changes.Select(c => c.PaperId).Distinct().ToList();
                var docs = await store.GetSearchDocsByIdAsync(ids, ct);
                index.Upsert(docs);
                var present = docs.Select(d => d.PaperId).ToHashSet();
                index.Delete(ids.Where(id => !present.Contains(id)));
                index.Refresh();
                var seq = changes[^1].Seq;
                index.MarkApplied(seq, durable: false);
                _uncommittedSeq = seq;
                applied += ids.Count;
                if (changes.Count < ChangeBatch) break;
            }
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
            log?.Invoke($"reindex: {total:N0} papers in {sw.Elapsed.TotalSeconds:N1} s, up to change {seq}");
            return total;
        }
        finally { _gate.Release(); }
    }
}
