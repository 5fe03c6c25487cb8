using System.Text.RegularExpressions;
using DailyPapers.Ingest;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Search;

/// <summary>The demo corpus with static-model vectors for every paper: both voices answer, as on a node a minute after start.</summary>
public sealed class DemoCorpusWithVectors : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "dp-demo-vec-" + Guid.NewGuid().ToString("N")[..10]);
    public PaperStore Store { get; private set; } = null!;
    public SearchService Search { get; private set; } = null!;
    public IReadOnlyDictionary<string, SearchDoc> Docs { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Folder);
        var db = Database.Sqlite(Path.Combine(Folder, "demo.db"));
        await Migrator.MigrateAsync(db);
        Store = new PaperStore(db);
        await new Importer(Store).ImportFilesAsync(Directory.GetFiles(DemoCorpus.DemoFolder(), "*.jsonl.gz").Order().ToList());
        var embeddings = new EmbeddingStore(db);
        Search = await SearchService.OpenAsync(Store, embeddings, Path.Combine(Folder, "index"), MiniLmModelTests.Cache);
        await new EmbeddingJob(embeddings).RunStaticAsync(Search.Static);
        await Search.CatchUpAsync();
        Docs = (await Store.GetSearchDocsAsync(0, 100_000)).ToDictionary(d => d.ArxivId);
    }

    public Task DisposeAsync()
    {
        Search.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, true); } catch (IOException) { }
        return Task.CompletedTask;
    }
}

/// <summary>Issue 14 points 1–3 (ids, authors, honest totals) on the demo corpus with vectors.</summary>
public sealed class Issue14SearchTests(DemoCorpusWithVectors demo) : IClassFixture<DemoCorpusWithVectors>
{
    private Task<SearchResult> SearchAsync(string q, int limit = 20, int offset = 0, string? org = null, bool? code = null) =>
        demo.Search.SearchAsync(new SearchQuery { Text = q, Limit = limit, Offset = offset, Organization = org, HasCode = code });

    [Theory]
    [InlineData("2409.12192", "2409.12192")]
    [InlineData("2409.12192v2", "2409.12192")]
    [InlineData("arXiv:2501.12948", "2501.12948")]
    [InlineData("2501.12948v2", "2501.12948")]
    [InlineData("https://arxiv.org/abs/2409.12192", "2409.12192")]
    [InlineData("https://arxiv.org/pdf/2409.12192v1.pdf", "2409.12192")]
    [InlineData("https://arxiv.org/html/2409.12192v1", "2409.12192")]
    [InlineData("10.48550/arXiv.2409.12192", "2409.12192")]
    [InlineData("https://doi.org/10.48550/arXiv.2409.12192", "2409.12192")]
    [InlineData("https://huggingface.co/papers/2409.12192", "2409.12192")]
    public async Task Every_id_form_is_that_paper(string q, string arxivId)
    {
        var r = await SearchAsync(q);
        Assert.Equal(arxivId, r.Hits[0].ArxivId);
        Assert.Equal([arxivId], r.RequestedIds);
        Assert.Equal(1, r.Total);
    }

    [Fact]
    public async Task A_reading_list_is_listed_in_the_order_given_and_unknown_ids_are_named()
    {
        var r = await SearchAsync("https://arxiv.org/abs/2501.12948\n2409.12192, hep-th/9901001 arXiv:2512.03442");
        Assert.Equal(["2501.12948", "2409.12192", "hep-th/9901001", "2512.03442"], r.RequestedIds);
        Assert.Equal(["2501.12948", "2409.12192", "2512.03442"], r.Hits.Select(h => h.ArxivId));
        Assert.Equal(3, r.Total);

        var unknown = await SearchAsync("2409.99999");
        Assert.Equal(["2409.99999"], unknown.RequestedIds);
        Assert.Empty(unknown.Hits);
    }

    [Theory]
    [InlineData("Lerrel Pinto", "Lerrel Pinto")]
    [InlineData("lerrel pinto", "Lerrel Pinto")]
    [InlineData("L. Pinto", "Lerrel Pinto")]
    [InlineData("Pinto, Lerrel", "Lerrel Pinto")]
    [InlineData("Lérrel Pintó", "Lerrel Pinto")]
    [InlineData("author:\"Lerrel Pinto\"", "Lerrel Pinto")]
    [InlineData("author:\"Pinto, L.\"", "Lerrel Pinto")]
    [InlineData("Andre Susano Pinto", "André Susano Pinto")]
    [InlineData("André Pinto", "André Susano Pinto")]
    public async Task An_author_name_in_any_form_ranks_the_authors_papers_first(string q, string author)
    {
        var theirs = demo.Docs.Values.Where(d => d.Authors.Contains(author)).Select(d => d.ArxivId).ToHashSet();
        Assert.NotEmpty(theirs);
        var r = await SearchAsync(q);
        Assert.Equal(theirs.Order(), r.Hits.Take(theirs.Count).Select(h => h.ArxivId).Order());
    }

    [Fact]
    public async Task Title_and_org_fields_restrict_the_results()
    {
        var byTitle = await SearchAsync("title:diffusion", limit: 100);
        Assert.NotEmpty(byTitle.Hits);
        Assert.All(byTitle.Hits, h => Assert.Matches(new Regex(@"\bdiffus", RegexOptions.IgnoreCase), demo.Docs[h.ArxivId].Title));
        var byOrg = await SearchAsync("org:google pretraining", limit: 100);
        Assert.NotEmpty(byOrg.Hits);
        Assert.All(byOrg.Hits, h => Assert.Equal("google", demo.Docs[h.ArxivId].Organization, ignoreCase: true));
    }

    [Theory]
    [InlineData("zzqxqzz")]
    [InlineData("qwxzv jjkqz")]
    public async Task Junk_finds_nothing_even_by_meaning(string q)
    {
        Assert.True(demo.Search.StaticVectors.Count > 9_000);
        var r = await SearchAsync(q);
        Assert.Equal(0, r.Total);
        Assert.Empty(r.Hits);
    }

    [Theory]
    [InlineData("pretraining", null, null)]
    [InlineData("pretraining", "google", null)]
    [InlineData("robot imitation learning", null, true)]
    [InlineData("robot imitation learning", "nvidia", null)]
    public async Task The_total_is_the_number_of_results_reachable_by_paging(string q, string? org, bool? code)
    {
        var seen = new List<string>();
        var first = await SearchAsync(q, org: org, code: code);
        for (var offset = 0; ; offset += 20)
        {
            var page = await SearchAsync(q, offset: offset, org: org, code: code);
            Assert.Equal(first.Total, page.Total);
            if (page.Hits.Count == 0) break;
            seen.AddRange(page.Hits.Select(h => h.ArxivId));
        }
        Assert.Equal(first.Total, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.True(first.Total > 0);
        if (org is not null) Assert.All(seen, id => Assert.Equal(org, demo.Docs[id].Organization, ignoreCase: true));
        if (code is not null) Assert.All(seen, id => Assert.Equal(code, demo.Docs[id].HasCode));
    }
}
