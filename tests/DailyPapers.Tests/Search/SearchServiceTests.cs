using Xunit;
using DailyPapers.Ingest;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Search;

public class SearchServiceTests
{
    private static async Task<SearchService> OpenAsync(SearchDb db) =>
        await SearchService.OpenAsync(db.Store, new EmbeddingStore(db.Database), Path.Combine(db.Folder, "index"), MiniLmModelTests.Cache);

    [Fact]
    public async Task A_newly_imported_paper_is_found_by_full_text_at_once()
    {
        await using var db = await SearchDb.CreateAsync(import: false);
        using var search = await OpenAsync(db);
        Assert.Equal(0, (await search.SearchAsync(new SearchQuery { Text = "visuo-motor" })).Total);
        await new Importer(db.Store).ImportFilesAsync([SearchDb.FixturePath]);
        await search.CatchUpAsync(); // the follower, not the search, brings new papers in (reads never write the index)
        var r = await search.SearchAsync(new SearchQuery { Text = "visuo-motor dynamics pretraining" });
        Assert.Equal("2409.12192", r.Hits.First().ArxivId);
    }

    [Fact]
    public async Task The_applied_change_seq_survives_a_restart()
    {
        await using var db = await SearchDb.CreateAsync();
        long seq;
        using (var s = await OpenAsync(db)) { seq = s.Lexical.AppliedSeq; }
        Assert.True(seq > 0);
        using var again = LuceneIndex.Open(Path.Combine(db.Folder, "index"));
        Assert.Equal(seq, again.AppliedSeq);
        Assert.Equal(63, again.Count);
    }

    [Fact]
    public async Task Embedding_is_resumable_and_similar_papers_exclude_the_paper_itself()
    {
        await using var db = await SearchDb.CreateAsync();
        var store = new EmbeddingStore(db.Database);
        using var search = await OpenAsync(db);
        var job = new EmbeddingJob(store);
        Assert.Equal(10, await job.RunFullAsync(search.Model, max: 10));
        Assert.Equal(53, await store.CountMissingAsync(MiniLmModel.Name));
        Assert.Equal(53, await job.RunFullAsync(search.Model));
        Assert.Equal(0, await job.RunFullAsync(search.Model));
        await search.CatchUpAsync();
        Assert.Equal(63, search.FullVectors.Count);
        var similar = await search.SimilarAsync("2409.12192", 5);
        Assert.Equal(5, similar.Hits.Count);
        Assert.DoesNotContain("2409.12192", similar.Hits.Select(h => h.ArxivId));
        // A paraphrase sharing few words still finds the paper by meaning.
        var byMeaning = await search.SearchByTextAsync("learning how a robot's world changes from its own camera video, before teaching it to act", 10);
        Assert.Contains("2409.12192", byMeaning.Hits.Select(h => h.ArxivId));
        var hybrid = await search.SearchAsync(new SearchQuery { Text = "reinforcement active pretraining" });
        Assert.Contains("2512.03442", hybrid.Hits.Take(3).Select(h => h.ArxivId));
        Assert.Equal("hybrid", hybrid.Mode);
        Assert.True((await search.SearchAsync(new SearchQuery { Text = "\"(((" })).Useless);
    }

    [Theory]
    [InlineData(new[] { "a", "b", "c" }, new[] { "b" }, "b a c")]
    [InlineData(new[] { "a" }, new[] { "x" }, "a x")]
    public void Reciprocal_rank_fusion_orders_by_summed_reciprocal_ranks(string[] first, string[] second, string expected)
    {
        var map = first.Concat(second).Distinct().Select((s, i) => (s, i)).ToDictionary(x => x.s, x => (long)x.i);
        var fused = SearchService.Fuse([(first.Select(s => map[s]).ToList(), 1.0), (second.Select(s => map[s]).ToList(), 1.0)]);
        var back = map.ToDictionary(kv => kv.Value, kv => kv.Key);
        Assert.Equal(expected, string.Join(' ', fused.Select(f => back[f.PaperId])));
    }
}
