using Xunit;
using DailyPapers.Ingest;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Search;

/// <summary>
/// Issue 10, High 2: deleting one Lucene segment file made the host crash-loop and `reindex` fail; GET requests
/// committed the index, so a read-only or full disk broke search. The index is derived data and heals itself.
/// </summary>
public class Issue10IndexRepairTests
{
    private static string IndexOf(SearchDb db) => Path.Combine(db.Folder, "index");

    private static SearchService Open(SearchDb db, List<string>? log = null) =>
        SearchService.Open(db.Store, new EmbeddingStore(db.Database), IndexOf(db), MiniLmModelTests.Cache, m => { lock (log ?? []) log?.Add(m); });

    /// <summary>Builds and commits the index, then deletes one of its segment data files (as the probe did).</summary>
    private static async Task DamageAsync(SearchDb db)
    {
        using (var s = await SearchService.OpenAsync(db.Store, new EmbeddingStore(db.Database), IndexOf(db), MiniLmModelTests.Cache))
            Assert.Equal(63, s.Lexical.Count);
        var victim = Directory.GetFiles(IndexOf(db)).Where(f => Path.GetExtension(f) is ".cfs" or ".fdt" or ".tim" or ".doc")
            .OrderByDescending(f => new FileInfo(f).Length).First();
        File.Delete(victim);
    }

    [Fact]
    public async Task Issue10_a_lost_segment_file_is_moved_aside_and_the_index_rebuilt_from_the_database()
    {
        await using var db = await SearchDb.CreateAsync();
        await DamageAsync(db);
        var log = new List<string>();
        using var search = Open(db, log);
        // Opening never throws and never builds: the host can serve at once while searches say "rebuilding".
        Assert.True(search.Rebuilding);
        Assert.True((await search.SearchAsync(new SearchQuery { Text = "visuo-motor" })).Rebuilding);
        Assert.Contains(log, l => l.Contains("cannot be opened", StringComparison.Ordinal) && l.Contains(".broken-", StringComparison.Ordinal));
        Assert.Single(Directory.GetDirectories(db.Folder, "index.broken-*"));

        await search.EnsureBuiltAsync();
        Assert.False(search.Rebuilding);
        Assert.Equal(63, search.Lexical.Count);
        Assert.Equal("2409.12192", (await search.SearchAsync(new SearchQuery { Text = "visuo-motor dynamics pretraining" })).Hits[0].ArxivId);
        Assert.Contains(log, l => l.StartsWith("reindex: 63 papers", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Issue10_a_garbage_index_folder_is_replaced_and_only_the_newest_broken_copy_is_kept()
    {
        await using var db = await SearchDb.CreateAsync();
        for (var round = 0; round < 3; round++)
        {
            Directory.CreateDirectory(IndexOf(db));
            await File.WriteAllTextAsync(Path.Combine(IndexOf(db), "segments_" + (round + 1)), "not a Lucene file");
            using var index = LuceneIndex.OpenOrReset(IndexOf(db), null, out var reset, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(
                new DateTimeOffset(2026, 12, 5, 10, round, 0, TimeSpan.Zero)));
            Assert.True(reset);
            Assert.Equal(0, index.Count);
        }
        var kept = Assert.Single(Directory.GetDirectories(db.Folder, "index.broken-*"));
        Assert.EndsWith("index.broken-20261205T100200Z", kept);
    }

    [Fact]
    public async Task Issue10_a_healthy_index_is_opened_as_it_is()
    {
        await using var db = await SearchDb.CreateAsync();
        using (await SearchService.OpenAsync(db.Store, new EmbeddingStore(db.Database), IndexOf(db), MiniLmModelTests.Cache)) { }
        using var search = Open(db);
        Assert.False(search.Rebuilding);
        Assert.Equal(63, search.Lexical.Count);
        Assert.Empty(Directory.GetDirectories(db.Folder, "index.broken-*"));
    }

    [Fact]
    public async Task Issue10_a_damaged_read_starts_one_background_repair_and_searches_work_again_after_it()
    {
        await using var db = await SearchDb.CreateAsync();
        var log = new List<string>();
        using var search = await SearchService.OpenAsync(db.Store, new EmbeddingStore(db.Database), IndexOf(db), MiniLmModelTests.Cache, m => { lock (log) log.Add(m); });
        search.StartRepair(new Lucene.Net.Index.CorruptIndexException("checksum failed (test)"));
        search.StartRepair(new FileNotFoundException("_0.cfs")); // a second failure while repairing starts nothing more
        var until = DateTime.UtcNow.AddSeconds(30);
        while (search.Rebuilding && DateTime.UtcNow < until) await Task.Delay(20);
        Assert.False(search.Rebuilding);
        Assert.Equal(63, search.Lexical.Count);
        Assert.Equal("2409.12192", (await search.SearchAsync(new SearchQuery { Text = "visuo-motor dynamics pretraining" })).Hits[0].ArxivId);
        lock (log) Assert.Single(log, l => l.Contains("a read failed", StringComparison.Ordinal));
        Assert.Single(Directory.GetDirectories(db.Folder, "index.broken-*"));
    }

    [Fact]
    public async Task Issue10_a_search_never_writes_the_index_even_with_changes_waiting()
    {
        await using var db = await SearchDb.CreateAsync(import: false);
        using var search = await SearchService.OpenAsync(db.Store, new EmbeddingStore(db.Database), IndexOf(db), MiniLmModelTests.Cache);
        await new Importer(db.Store).ImportFilesAsync([SearchDb.FixturePath]); // 63 changes the follower has not applied
        var before = Snapshot(IndexOf(db));
        var seq = search.Lexical.AppliedSeq;
        for (var i = 0; i < 3; i++)
            await search.SearchAsync(new SearchQuery { Text = "visuo-motor dynamics pretraining" });
        Assert.Equal(before, Snapshot(IndexOf(db)));
        Assert.Equal(seq, search.Lexical.AppliedSeq);

        await search.CatchUpAsync(); // the follower (a background job in the host) is what applies them
        Assert.Equal("2409.12192", (await search.SearchAsync(new SearchQuery { Text = "visuo-motor dynamics pretraining" })).Hits[0].ArxivId);
    }

    private static string Snapshot(string folder) => string.Join("\n", Directory.GetFiles(folder).Order(StringComparer.Ordinal)
        .Select(f => $"{Path.GetFileName(f)} {new FileInfo(f).Length} {File.GetLastWriteTimeUtc(f).Ticks}"));
}
