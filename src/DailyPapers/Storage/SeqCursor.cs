namespace DailyPapers.Storage;

/// <summary>
/// Where a reader stands in a log keyed by a database sequence (<c>paper_changes.seq</c>, <c>paper_embeddings.id</c>)
/// when writers run concurrently. On PostgreSQL a transaction that took seq 7 can commit after one that took seq 8,
/// so "everything after the last seq I saw" would skip 7 for good. The cursor remembers the holes below the highest
/// seq seen and keeps asking for them until they fill or <see cref="Grace"/> passes (a rolled-back transaction or a
/// sequence jump leaves a hole that never fills). Rows after a hole are applied at once; only the
/// <see cref="Watermark"/> (where a re-read must start, and what may be saved durably) waits for the hole.
/// Not thread-safe: one reader owns a cursor.
/// </summary>
public sealed class SeqCursor(long start, TimeSpan grace, TimeProvider? clock = null)
{
    /// <summary>How long a hole is waited for: longer than any write transaction should stay open.</summary>
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(30);
    /// <summary>Holes wider than this are not waited for seq by seq (a sequence jump, not concurrent writers).</summary>
    public const long MaxTrackedHole = 100_000;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    // Missing seq → when it was first noticed missing.
    private readonly SortedDictionary<long, DateTimeOffset> _holes = new();

    public TimeSpan Grace => grace;
    /// <summary>Every seq at or below this was seen or given up on: re-reads start after it, and it is safe to persist.</summary>
    public long Watermark { get; private set; } = start;
    /// <summary>The highest seq seen.</summary>
    public long Highest { get; private set; } = start;
    /// <summary>Seqs below <see cref="Highest"/> still awaited.</summary>
    public int HoleCount => _holes.Count;

    /// <summary>True when a row with this seq has not been applied yet (read after the watermark, it may be old).</summary>
    public bool IsNew(long seq) => seq > Highest || _holes.ContainsKey(seq);

    /// <summary>
    /// Records the seqs of one read (ascending, all after <see cref="Watermark"/>), filling holes and noting new ones.
    /// </summary>
    public void Observe(IEnumerable<long> seqs)
    {
        var now = _clock.GetUtcNow();
        foreach (var seq in seqs)
        {
            if (seq > Highest)
            {
                if (seq - Highest - 1 <= MaxTrackedHole)
                    for (var s = Highest + 1; s < seq; s++) _holes[s] = now;
                Highest = seq;
            }
            else _holes.Remove(seq);
        }
        Expire(now);
    }

    /// <summary>Gives up on holes older than the grace period and moves the watermark up to the first one still awaited.</summary>
    public void Expire() => Expire(_clock.GetUtcNow());

    private void Expire(DateTimeOffset now)
    {
        if (_holes.Count > 0)
        {
            var old = _holes.Where(h => now - h.Value >= grace).Select(h => h.Key).ToList();
            foreach (var s in old) _holes.Remove(s);
        }
        Watermark = _holes.Count == 0 ? Highest : _holes.Keys.First() - 1;
    }
}
