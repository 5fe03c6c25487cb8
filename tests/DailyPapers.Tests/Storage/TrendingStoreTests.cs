using DailyPapers.Papers;
using DailyPapers.Ranking;
using DailyPapers.Storage;
using Dapper;

namespace DailyPapers.Tests.Storage;

/// <summary>recalc-trending's store method and the trending list, on both dialects.</summary>
public sealed class TrendingStoreTests
{
    private static ImportRecord Rec(string id, int upvotes, DateOnly day) => new(
        new Paper { ArxivId = id, Title = "T " + id, Abstract = "A", HfUpvotes = upvotes },
        new DailyEntry { ArxivId = id, FeedDate = day });

    private static readonly DateOnly Day = new(2025, 3, 10);

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Recalc_rewrites_stale_scores_in_batches_and_then_finds_nothing_to_change(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new PaperStore(t.Db);
        await store.ImportBatchAsync([Rec("2503.00001", 5, Day), Rec("2503.00002", 50, Day), Rec("2503.00003", 0, Day.AddDays(-1)),
            Rec("2503.00004", 7, Day.AddDays(-2)), Rec("2503.00005", 1, Day)]);
        // A formula change leaves every stored score stale; simulate it by overwriting three of them.
        await using (var c = await t.Db.OpenAsync())
            await c.ExecuteAsync("UPDATE papers SET hotness = -1 WHERE arxiv_id IN ('2503.00001', '2503.00003', '2503.00005')");

        var progress = new List<(long Seen, long Changed)>();
        var (seen, changed) = await store.RecalcHotnessAsync(batchSize: 2, (s, ch) => progress.Add((s, ch)));
        Assert.Equal((5L, 3L), (seen, changed));
        Assert.Equal([(2L, 1L), (4L, 2L), (5L, 3L)], progress);
        foreach (var id in new[] { "2503.00001", "2503.00002", "2503.00003", "2503.00004", "2503.00005" })
        {
            var v = (await store.GetAsync(id))!;
            Assert.Equal(Hotness.Compute(v.Upvotes, v.NumComments, v.FirstFeaturedAt!.Value), v.Hotness, 6);
        }
        Assert.Equal((5L, 0L), await store.RecalcHotnessAsync(batchSize: 1000));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Trending_lists_each_paper_of_the_window_once_by_hotness(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        var store = new PaperStore(t.Db);
        await store.ImportBatchAsync([Rec("2503.00011", 3, Day), Rec("2503.00012", 100, Day.AddDays(-1)), Rec("2503.00013", 10, Day),
            Rec("2503.00014", 500, Day.AddDays(-30)), Rec("2503.00012", 100, Day)]); // 12 featured twice; 14 outside the window

        var (papers, total) = await store.GetTrendingAsync(Day.AddDays(-6), Day, 0, 10);
        Assert.Equal(3, total);
        // 100 votes a day earlier beat 10 today (log10 101 - log10 11 > 24h/36h); 3 today comes last.
        Assert.Equal(["2503.00012", "2503.00013", "2503.00011"], papers.Select(p => p.Paper.ArxivId));
        Assert.True(papers.Zip(papers.Skip(1)).All(p => p.First.Hotness >= p.Second.Hotness));
        Assert.Equal(2, papers[0].Entries.Count);

        var (page2, _) = await store.GetTrendingAsync(Day.AddDays(-6), Day, 2, 2);
        Assert.Equal(["2503.00011"], page2.Select(p => p.Paper.ArxivId));
        Assert.Equal(0, (await store.GetTrendingAsync(Day.AddDays(1), Day.AddDays(7), 0, 10)).Total);
    }
}
