using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Storage;

public class PaperStoreFeedTests
{
    // Feed days with papers: 13th (2), 16th (3), 18th (1). The 14th, 15th and 17th are empty.
    private static readonly (string Id, string Day, int Upvotes, int Hour, string Submitter)[] Seed =
    [
        ("2506.00001", "2025-06-13", 5, 3, "alice"),
        ("2506.00002", "2025-06-13", 50, 4, "bob"),
        ("2506.00003", "2025-06-16", 1, 9, "alice"),
        ("2506.00004", "2025-06-16", 100, 5, "bob"),
        ("2506.00005", "2025-06-16", 20, 7, "alice"),
        ("2506.00006", "2025-06-18", 7, 2, "carol"),
    ];

    private static async Task<PaperStore> SeededAsync(TempDb tmp)
    {
        var records = Seed.Select(s =>
        {
            var day = DateOnly.Parse(s.Day);
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(s.Hour, 0)), TimeSpan.Zero);
            return new ImportRecord(
                new Paper { ArxivId = s.Id, Title = $"Paper {s.Id}", Abstract = "A.", HfUpvotes = s.Upvotes, PublishedAt = at.AddDays(-2) },
                new DailyEntry { ArxivId = s.Id, FeedDate = day, SubmittedAt = at, SubmittedBy = new UserRef(s.Submitter) });
        }).ToList();
        var store = tmp.Store();
        await store.ImportBatchAsync(records);
        return store;
    }

    private static FeedQuery Range(string from, string to) => new(DateOnly.Parse(from), DateOnly.Parse(to));

    private static IEnumerable<string> Ids(FeedResult r) => r.Items.Select(i => i.Paper.Paper.ArxivId);

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task A_day_and_a_range(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var store = await SeededAsync(tmp);
        var day = await store.GetFeedAsync(Range("2025-06-16", "2025-06-16"));
        Assert.Equal(3, day.Total);
        Assert.All(day.Items, i => Assert.Equal(new DateOnly(2025, 6, 16), i.Entry.FeedDate));
        Assert.Equal(6, (await store.GetFeedAsync(Range("2025-06-13", "2025-06-19"))).Total);
        Assert.Equal(0, (await store.GetFeedAsync(Range("2025-06-14", "2025-06-15"))).Total);
        Assert.Empty((await store.GetFeedAsync(Range("2025-06-14", "2025-06-15"))).Items);
    }

    public static IEnumerable<object?[]> Each_sort_cases => TestDatabase.WithDialects(
        [FeedSort.Trending, "2506.00004,2506.00005,2506.00003"],
        [FeedSort.Upvotes, "2506.00004,2506.00005,2506.00003"],
        [FeedSort.PublishedAt, "2506.00003,2506.00005,2506.00004"]);

    [SkippableTheory]
    [MemberData(nameof(Each_sort_cases))]
    public async Task Each_sort(FeedSort sort, string expected, string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var store = await SeededAsync(tmp);
        var r = await store.GetFeedAsync(Range("2025-06-16", "2025-06-16") with { Sort = sort });
        Assert.Equal(expected, string.Join(',', Ids(r)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Trending_across_days_prefers_recent_days_for_equal_votes_and_big_votes_within_a_day(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var store = await SeededAsync(tmp);
        var r = await store.GetFeedAsync(Range("2025-06-13", "2025-06-18") with { Sort = FeedSort.Trending });
        var ids = Ids(r).ToList();
        Assert.True(ids.IndexOf("2506.00004") < ids.IndexOf("2506.00003"));
        Assert.True(ids.IndexOf("2506.00002") < ids.IndexOf("2506.00001"));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Paging_walks_the_whole_range_once(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var store = await SeededAsync(tmp);
        var q = Range("2025-06-13", "2025-06-18") with { Sort = FeedSort.Upvotes, Limit = 4 };
        var first = await store.GetFeedAsync(q);
        var second = await store.GetFeedAsync(q with { Offset = 4 });
        Assert.Equal(4, first.Items.Count);
        Assert.Equal(2, second.Items.Count);
        Assert.Equal(6, second.Total);
        Assert.Equal(Seed.OrderByDescending(s => s.Upvotes).Select(s => s.Id), Ids(first).Concat(Ids(second)));
        Assert.Empty((await store.GetFeedAsync(q with { Offset = 6 })).Items);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Submitter_filter(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var store = await SeededAsync(tmp);
        var r = await store.GetFeedAsync(Range("2025-06-01", "2025-06-30") with { Submitter = "alice", Sort = FeedSort.PublishedAt });
        Assert.Equal(["2506.00003", "2506.00005", "2506.00001"], Ids(r)); // newest submission first
        Assert.All(r.Items, i => Assert.Equal("alice", i.Entry.SubmittedBy?.Handle));
        Assert.Equal(0, (await store.GetFeedAsync(Range("2025-06-01", "2025-06-30") with { Submitter = "nobody" })).Total);
    }

    public static IEnumerable<object?[]> Neighbour_dates_skip_empty_days_cases => TestDatabase.WithDialects(
        ["2025-06-16", "2025-06-16", "2025-06-13", "2025-06-18"],
        ["2025-06-13", "2025-06-13", null, "2025-06-16"],
        ["2025-06-18", "2025-06-18", "2025-06-16", null],
        ["2025-06-15", "2025-06-15", "2025-06-13", "2025-06-16"],
        ["2025-06-09", "2025-06-15", null, "2025-06-16"]);

    [SkippableTheory]
    [MemberData(nameof(Neighbour_dates_skip_empty_days_cases))]
    public async Task Neighbour_dates_skip_empty_days(string from, string to, string? prev, string? next, string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var store = await SeededAsync(tmp);
        var (p, n) = await store.GetNeighbourDatesAsync(DateOnly.Parse(from), DateOnly.Parse(to));
        Assert.Equal(prev is null ? null : DateOnly.Parse(prev), p);
        Assert.Equal(next is null ? null : DateOnly.Parse(next), n);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Latest_feed_date(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        Assert.Null(await tmp.Store().GetLatestFeedDateAsync());
        var store = await SeededAsync(tmp);
        Assert.Equal(new DateOnly(2025, 6, 18), await store.GetLatestFeedDateAsync());
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task List_pages_over_all_papers_by_cursor(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var store = await SeededAsync(tmp);
        // A paper without a feed entry and without a date is listed too (last).
        await store.ImportBatchAsync([new ImportRecord(new Paper { ArxivId = "hep-th/9901001", Title = "Old", Abstract = "A." })]);
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (papers, next) = await store.ListAsync(cursor, 3);
            seen.AddRange(papers.Select(p => p.Paper.ArxivId));
            cursor = next;
            pages++;
        } while (cursor is not null && pages < 10);
        Assert.Equal(3, pages);
        var expected = Seed.OrderByDescending(s => s.Day).ThenByDescending(s => s.Hour).Select(s => s.Id).Append("hep-th/9901001");
        Assert.Equal(expected, seen);
    }

    public static IEnumerable<object?[]> An_invalid_cursor_is_a_format_error_with_a_message_cases => TestDatabase.WithDialects(
        ["not a cursor!"],
        ["bm90LWEtY3Vyc29y"]);

    [SkippableTheory]
    [MemberData(nameof(An_invalid_cursor_is_a_format_error_with_a_message_cases))]
    public async Task An_invalid_cursor_is_a_format_error_with_a_message(string cursor, string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var e = await Assert.ThrowsAsync<FormatException>(() => tmp.Store().ListAsync(cursor, 10));
        Assert.Contains("invalid cursor", e.Message);
        Assert.Contains(cursor[..5], e.Message);
    }
}
