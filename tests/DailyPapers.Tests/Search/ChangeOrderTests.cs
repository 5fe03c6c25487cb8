using System.Data.Common;
using Dapper;
using DailyPapers.Ingest;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Tests.Storage;
using Xunit;

namespace DailyPapers.Tests.Search;

/// <summary>
/// On PostgreSQL a transaction holding a lower change seq can commit after one holding a higher seq. The
/// follower must still apply it (and must not wait forever for a seq that a rolled-back transaction took).
/// </summary>
public class ChangeOrderTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    // (seen in order, expected watermark, expected highest, expected holes) with no time passing.
    public static IEnumerable<object[]> Reads =>
    [
        [new long[] { 1, 2, 3 }, 3L, 3L, 0],
        [new long[] { 1, 3 }, 1L, 3L, 1],
        [new long[] { 2, 5, 3 }, 0L, 5L, 2],
        [new long[] { 1, 3, 2 }, 3L, 3L, 0],
        [new long[] { 3, 1, 2 }, 3L, 3L, 0],
        [new long[] { }, 0L, 0L, 0],
    ];

    [Theory]
    [MemberData(nameof(Reads))]
    public void The_watermark_stops_below_the_first_hole(long[] seen, long watermark, long highest, int holes)
    {
        var c = new SeqCursor(0, TimeSpan.FromSeconds(30), new ManualClock());
        foreach (var s in seen) c.Observe([s]);
        Assert.Equal((watermark, highest, holes), (c.Watermark, c.Highest, c.HoleCount));
    }

    [Fact]
    public void A_hole_is_given_up_after_the_grace_period_and_a_huge_jump_is_not_tracked()
    {
        var clock = new ManualClock();
        var c = new SeqCursor(10, TimeSpan.FromSeconds(30), clock);
        c.Observe([12]);
        Assert.True(c.IsNew(11));
        Assert.False(c.IsNew(12));
        clock.Now += TimeSpan.FromSeconds(29);
        c.Expire();
        Assert.Equal(10, c.Watermark);
        clock.Now += TimeSpan.FromSeconds(1);
        c.Expire();
        Assert.Equal(12, c.Watermark);
        Assert.False(c.IsNew(11));
        c.Observe([12 + SeqCursor.MaxTrackedHole + 2]);
        Assert.Equal(0, c.HoleCount);
    }

    // PostgreSQL only: SQLite has one writer at a time, so seqs always commit in order there.
    [SkippableFact]
    public async Task A_change_committed_after_a_higher_seq_is_still_indexed_on_postgres()
    {
        await using var t = await TestDatabase.CreateAsync("postgres");
        var store = new PaperStore(t.Db);
        await new Importer(store).ImportFilesAsync([SearchDb.FixturePath]);
        using var index = LuceneIndex.InMemory();
        var clock = new ManualClock();
        var follower = new IndexFollower(index, store, grace: TimeSpan.FromSeconds(30), clock: clock);
        await follower.RebuildAsync();
        await follower.CatchUpAsync();
        var before = index.AppliedSeq;
        var (first, second) = await TwoPaperIdsAsync(t.Db);

        await using var early = await t.Db.OpenAsync();
        await using var late = await t.Db.OpenAsync();
        await using var earlyTx = await early.BeginTransactionAsync();
        await using var lateTx = await late.BeginTransactionAsync();
        var earlySeq = await RetitleAsync(early, earlyTx, first, "Zebrafish Locomotion Transformers");
        var lateSeq = await RetitleAsync(late, lateTx, second, "Giraffe Neck Diffusion");
        Assert.True(lateSeq > earlySeq);
        await lateTx.CommitAsync(); // the higher seq becomes visible first

        await follower.CatchUpAsync();
        Assert.Equal(1, Hits(index, "giraffe"));
        Assert.Equal(0, Hits(index, "zebrafish"));
        Assert.Equal(before, index.AppliedSeq); // the saved position waits below the hole

        await earlyTx.CommitAsync();
        await follower.CatchUpAsync();
        Assert.Equal(1, Hits(index, "zebrafish"));
        Assert.Equal(lateSeq, index.AppliedSeq);

        // A rolled-back change leaves a hole for good: the position moves past it once the grace period is over.
        await using (var gone = await t.Db.OpenAsync())
        await using (var goneTx = await gone.BeginTransactionAsync())
        await using (var after = await t.Db.OpenAsync())
        await using (var afterTx = await after.BeginTransactionAsync())
        {
            await RetitleAsync(gone, goneTx, first, "Never Committed");
            var kept = await RetitleAsync(after, afterTx, second, "Okapi Stripes");
            await afterTx.CommitAsync();
            await goneTx.RollbackAsync();
            await follower.CatchUpAsync();
            Assert.Equal(1, Hits(index, "okapi"));
            Assert.Equal(lateSeq, index.AppliedSeq);
            clock.Now += TimeSpan.FromSeconds(31);
            await follower.CatchUpAsync();
            Assert.Equal(kept, index.AppliedSeq);
        }
    }

    [SkippableFact]
    public async Task A_text_change_committed_after_a_higher_seq_still_drops_the_stale_vector_on_postgres()
    {
        await using var t = await TestDatabase.CreateAsync("postgres");
        var store = new PaperStore(t.Db);
        await new Importer(store).ImportFilesAsync([SearchDb.FixturePath]);
        var (first, second) = await TwoPaperIdsAsync(t.Db);
        var vectors = new EmbeddingStore(t.Db);
        await using (var c = await t.Db.OpenAsync())
        {
            var (title, text) = await c.QuerySingleAsync<(string, string)>("SELECT title, abstract FROM papers WHERE id = @first", new { first });
            await vectors.SaveAsync("m", [(first, new float[] { 1, 0 }, (string?)EmbeddingStore.TextHash(title, text))]);
        }
        Assert.Equal(0, await vectors.DropStaleAsync("m"));

        await using var early = await t.Db.OpenAsync();
        await using var late = await t.Db.OpenAsync();
        await using var earlyTx = await early.BeginTransactionAsync();
        await using var lateTx = await late.BeginTransactionAsync();
        await RetitleAsync(early, earlyTx, first, "A New Title For The Embedded Paper");
        await RetitleAsync(late, lateTx, second, "Something Else");
        await lateTx.CommitAsync();
        Assert.Equal(0, await vectors.DropStaleAsync("m")); // its mark now passes the uncommitted seq
        await earlyTx.CommitAsync();
        Assert.Equal(1, await vectors.DropStaleAsync("m"));
    }

    private static int Hits(LuceneIndex index, string text) => index.Search(new SearchQuery { Text = text }).Total;

    private static async Task<(long, long)> TwoPaperIdsAsync(Database db)
    {
        await using var c = await db.OpenAsync();
        var ids = (await c.QueryAsync<long>("SELECT id FROM papers ORDER BY id LIMIT 2")).ToList();
        return (ids[0], ids[1]);
    }

    private static async Task<long> RetitleAsync(DbConnection c, DbTransaction tx, long paperId, string title)
    {
        await c.ExecuteAsync("UPDATE papers SET title = @title WHERE id = @paperId", new { title, paperId }, tx);
        return await c.ExecuteScalarAsync<long>(
            "INSERT INTO paper_changes (paper_id, changed_at) VALUES (@paperId, '2026-01-01T00:00:00Z') RETURNING seq", new { paperId }, tx);
    }
}
