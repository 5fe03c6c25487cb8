using System.Text.RegularExpressions;
using DailyPapers.Ingest;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Search;

/// <summary>The whole shipped demo corpus (9,877 papers), imported and indexed once for these checks.</summary>
public sealed class DemoCorpus : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "dp-demo-search-" + Guid.NewGuid().ToString("N")[..10]);
    public PaperStore Store { get; private set; } = null!;
    public SearchService Search { get; private set; } = null!;

    public static string DemoFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "data", "demo");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("data/demo not found above the test binaries");
    }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var db = Database.Sqlite(Path.Combine(Folder, "demo.db"));
        await Migrator.MigrateAsync(db);
        Store = new PaperStore(db);
        var counts = await new Importer(Store).ImportFilesAsync(Directory.GetFiles(DemoFolder(), "*.jsonl.gz").Order().ToList());
        Assert.Equal(0, counts.Rejected);
        // No vectors: the search is what a node serves before embedding has run (full text, fused with nothing).
        Search = await SearchService.OpenAsync(Store, new EmbeddingStore(db), Path.Combine(Folder, "index"), MiniLmModelTests.Cache);
        await Search.Follower.RebuildAsync();
    }

    public Task DisposeAsync()
    {
        Search.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

/// <summary>Issue 3's acceptance queries on the demo corpus.</summary>
public sealed class DemoCorpusSearchTests(DemoCorpus demo) : IClassFixture<DemoCorpus>
{
    private const string AnyPretrainForm = @"\bpre[-\s]?train";

    [Theory]
    [InlineData("pretraining")]
    [InlineData("pre-training")]
    [InlineData("pre-trained")]
    public async Task Every_form_finds_every_paper_holding_any_form_and_the_first_ten_hold_one(string q)
    {
        var rx = new Regex(AnyPretrainForm, RegexOptions.IgnoreCase);
        var docs = await demo.Store.GetSearchDocsAsync(0, 100_000);
        var expected = docs.Where(d => rx.IsMatch(d.Title + " " + d.Abstract)).Select(d => d.ArxivId).ToHashSet();
        Assert.True(expected.Count > 1_000, $"the demo corpus holds {expected.Count} such papers");

        var arxivOf = docs.ToDictionary(d => d.PaperId, d => d.ArxivId);
        var (ids, total, useless) = demo.Search.Lexical.TopIds(new SearchQuery { Text = q }, 100_000);
        Assert.False(useless);
        Assert.Empty(expected.Except(ids.Select(id => arxivOf[id])));
        Assert.True(total >= expected.Count);

        var page = await demo.Search.SearchAsync(new SearchQuery { Text = q, Limit = 10 });
        Assert.Equal(10, page.Hits.Count);
        Assert.All(page.Hits, h => Assert.Contains(h.ArxivId, expected));
    }

    [Theory]
    [InlineData("pretraining visuo-motor dynamics", "2409.12192")]
    [InlineData("reinforcement active pretraining", "2512.03442")]
    public async Task Seed_queries_put_their_paper_in_the_first_three(string q, string arxivId)
    {
        var r = await demo.Search.SearchAsync(new SearchQuery { Text = q, Limit = 3 });
        Assert.Contains(arxivId, r.Hits.Select(h => h.ArxivId));
    }
}
