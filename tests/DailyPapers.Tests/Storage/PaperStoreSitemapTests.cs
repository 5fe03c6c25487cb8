using DailyPapers.Papers;
using DailyPapers.Tests.Support;

namespace DailyPapers.Tests.Storage;

/// <summary>The sitemap's paper list (issue 16.12): id order, skip/take for sitemap parts, nothing twice or lost.</summary>
public class PaperStoreSitemapTests
{
    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Sitemap_lists_every_paper_once_in_id_order_and_parts_split_it_without_overlap(string dialect)
    {
        await using var tmp = await TempDb.CreateAsync(dialect);
        var store = tmp.Store();
        var ids = Enumerable.Range(1, 12).Select(i => $"2409.{i:D5}").ToList();
        await store.ImportBatchAsync(ids.Select(id => new ImportRecord(PaperStoreRoundTripTests.EveryField(id))).ToList());

        Assert.Equal(12, await store.CountPapersAsync());
        var all = await ToListAsync(store.SitemapAsync(0, 100));
        Assert.Equal(ids, all.Select(p => p.ArxivId).ToList());
        Assert.All(all, p => Assert.NotNull(p.LastModified));

        var parts = new List<string>();
        for (var skip = 0; skip < 12; skip += 5) parts.AddRange((await ToListAsync(store.SitemapAsync(skip, 5))).Select(p => p.ArxivId));
        Assert.Equal(ids, parts);
        Assert.Empty(await ToListAsync(store.SitemapAsync(12, 5)));
    }

    private static async Task<List<DailyPapers.Storage.SitemapPaper>> ToListAsync(IAsyncEnumerable<DailyPapers.Storage.SitemapPaper> source)
    {
        var list = new List<DailyPapers.Storage.SitemapPaper>();
        await foreach (var p in source) list.Add(p);
        return list;
    }
}
