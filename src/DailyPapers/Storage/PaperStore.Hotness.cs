using DailyPapers.Papers;
using Dapper;

namespace DailyPapers.Storage;

public sealed partial class PaperStore
{
    /// <summary>
    /// Recomputes every paper's stored hotness from its counters (upvotes, comments, first feature time), walking
    /// the papers by id in batches of <paramref name="batchSize"/>, one transaction per batch, so a changed formula
    /// reaches the whole table without one long lock. Returns (papers seen, papers whose score changed).
    /// </summary>
    public async Task<(long Seen, long Changed)> RecalcHotnessAsync(int batchSize = 1000, Action<long, long>? progress = null, CancellationToken ct = default)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "recalc-trending: batch size must be at least 1");
        long after = 0, seen = 0, changed = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            await using var c = await db.OpenAsync(ct);
            await using var tx = await c.BeginTransactionAsync(ct);
            var rows = (await c.QueryAsync<(long Id, int Upvotes, int NumComments, string? FirstFeaturedAt, string? PublishedAt, string CreatedAt, double Hotness)>(
                """
                SELECT id, upvotes, num_comments, first_featured_at, published_at, created_at, hotness
                FROM papers WHERE id > @after ORDER BY id LIMIT @batchSize
                """, new { after, batchSize }, tx)).AsList();
            if (rows.Count == 0) break;
            foreach (var r in rows)
            {
                var hotness = HotnessOf(r.Upvotes, r.NumComments, r.FirstFeaturedAt, r.PublishedAt, r.CreatedAt);
                if (hotness.Equals(r.Hotness)) continue;
                await c.ExecuteAsync(SetHotnessSql, new { hotness, paper_id = r.Id }, tx);
                changed++;
            }
            await tx.CommitAsync(ct);
            seen += rows.Count;
            after = rows[^1].Id;
            progress?.Invoke(seen, changed);
        }
        return (seen, changed);
    }
}

public sealed partial class PaperStore
{
    /// <summary>
    /// Papers featured between two dates (inclusive), each once, highest stored hotness first (the indexed column),
    /// with the number of such papers. Each view carries its feed entries.
    /// </summary>
    public async Task<(IReadOnlyList<PaperView> Papers, int Total)> GetTrendingAsync(DateOnly from, DateOnly to, int offset, int limit, CancellationToken ct = default)
    {
        var args = new { from = SqlTime.Date(from), to = SqlTime.Date(to), offset, limit };
        const string Featured = "EXISTS (SELECT 1 FROM daily_entries e WHERE e.paper_id = p.id AND e.feed_date >= @from AND e.feed_date <= @to)";
        List<long> ids;
        int total;
        await using (var c = await db.OpenAsync(ct))
        {
            total = await c.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM papers p WHERE {Featured}", args);
            if (total == 0) return ([], 0);
            ids = (await c.QueryAsync<long>($"SELECT p.id FROM papers p WHERE {Featured} ORDER BY p.hotness DESC, p.id DESC LIMIT @limit OFFSET @offset", args)).AsList();
        }
        return (await GetManyWithEntriesAsync(ids, ct), total);
    }
}
