using DailyPapers.Search;
using DailyPapers.Storage;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace DailyPapers.Tests.Search;

public class Issue14IndexFormatTests
{
    [Fact]
    public async Task Issue14_an_index_written_before_author_keys_is_rebuilt_on_open_and_then_kept()
    {
        await using var db = await SearchDb.CreateAsync();
        var folder = Path.Combine(db.Folder, "index");
        // What a build before format 2 left: documents and a change seq, no format in the commit.
        using (var dir = FSDirectory.Open(folder))
        using (var analyzer = new PaperAnalyzer())
        using (var w = new IndexWriter(dir, new IndexWriterConfig(PaperAnalyzer.Version, analyzer)))
        {
            w.AddDocument(new Document { new StringField("id", "1", Field.Store.NO) });
            w.SetCommitData(new Dictionary<string, string> { ["paper_changes_seq"] = "63" });
            w.Commit();
        }
        var log = new List<string>();
        using (var search = SearchService.Open(db.Store, new EmbeddingStore(db.Database), folder, MiniLmModelTests.Cache, log.Add))
        {
            Assert.True(search.Rebuilding);
            await search.EnsureBuiltAsync();
            Assert.False(search.Rebuilding);
            Assert.Equal(63, search.Lexical.Count);
            Assert.Equal("2409.12192", (await search.SearchAsync(new SearchQuery { Text = "Pinto, Lerrel" })).Hits[0].ArxivId);
        }
        Assert.Contains(log, l => l.Contains("written with format 1", StringComparison.Ordinal));
        using var again = SearchService.Open(db.Store, new EmbeddingStore(db.Database), folder, MiniLmModelTests.Cache);
        Assert.False(again.Rebuilding);
        Assert.Equal(63, again.Lexical.Count);
    }
}
