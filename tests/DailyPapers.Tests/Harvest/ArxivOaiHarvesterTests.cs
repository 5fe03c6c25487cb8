using System.Net;
using DailyPapers.Ingest;
using DailyPapers.Ingest.Harvest;
using DailyPapers.Storage;
using Xunit;

namespace DailyPapers.Tests.Harvest;

public class ArxivOaiHarvesterTests
{
    private const string Page1 = "oai-pmh/handmade/ListRecords_page1.xml";
    private const string Page2 = "oai-pmh/handmade/ListRecords_page2.xml";
    private const string Page3 = "oai-pmh/handmade/ListRecords_page3.xml";
    private const string Token2 = "4711|1001";
    private const string Token3 = "4711|2001";
    private static readonly string[] AllIds = ["1412.8323", "1507.07790", "1607.01710", "1706.05371", "1706.09418", "1707.00874", "1401.2122"];
    private static readonly ArxivHarvestRequest Request = new() { From = new DateOnly(2017, 12, 14), Set = "physics" };

    /// <summary>The three-page answer; <paramref name="page2"/> replaces the answer to the second page.</summary>
    private static Func<HttpListenerRequest, Reply> Pages(Func<Reply>? page2 = null) => r => r.QueryString["resumptionToken"] switch
    {
        null => Reply.File(Page1),
        Token2 => page2?.Invoke() ?? Reply.File(Page2),
        Token3 => Reply.File(Page3),
        _ => Reply.File("oai-pmh/handmade/error_badResumptionToken.xml"),
    };

    private static ArxivOaiHarvester Harvester(FixtureServer server, Database db, List<string> log, int attempts = 3) =>
        new(new PoliteHttp(new HttpClient(), new PoliteHttpOptions { MinInterval = TimeSpan.FromSeconds(3), MaxAttempts = attempts }, new JumpingClock(), log.Add),
            new Uri(server.BaseUrl, "oai2"), new Importer(new PaperStore(db), log.Add), new AppState(db), log.Add);

    private static string Token(string requestUrl) => WebUtility.UrlDecode(requestUrl.Split("resumptionToken=").ElementAtOrDefault(1) ?? "");

    private static async Task AssertAllStoredAsync(Database db)
    {
        var store = new PaperStore(db);
        foreach (var id in AllIds) Assert.NotNull(await store.GetAsync(id));
        Assert.Equal("Toolbox for reconstructing quantum theory from rules on information acquisition", (await store.GetAsync("1412.8323"))!.Paper.Title);
    }

    [Fact]
    public async Task Follows_resumption_tokens_fetching_each_page_once_and_imports_every_record()
    {
        await using var t = await TempDatabase.CreateAsync();
        using var server = new FixtureServer(Pages());
        var log = new List<string>();
        var result = await Harvester(server, t.Db, log).HarvestAsync(Request);

        Assert.Equal(["/oai2?verb=ListRecords&metadataPrefix=arXiv&from=2017-12-14&set=physics", $"/oai2?verb=ListRecords&resumptionToken=4711%7C1001", "/oai2?verb=ListRecords&resumptionToken=4711%7C2001"],
            server.Requests);
        Assert.Equal(new global::DailyPapers.Papers.ImportCounts(7, 0, 0, 0), result.Counts);
        Assert.Equal((3, 7, 1, false), (result.Pages, result.Records, result.Deleted, result.Resumed));
        await AssertAllStoredAsync(t.Db);
        Assert.Null(await new AppState(t.Db).GetAsync(ArxivOaiHarvester.PositionKey(Request)));
        Assert.Contains("harvest arxiv: page 1: 3 records (3 new, 0 updated, 0 unchanged, 0 rejected); 3 of 8 so far", log);
        Assert.Contains("harvest arxiv: page 3: 1 records, 1 deleted (1 new, 0 updated, 0 unchanged, 0 rejected); 8 of 8 so far", log);
    }

    [Fact]
    public async Task An_interrupted_harvest_resumes_at_the_page_it_stopped_without_refetching_earlier_pages()
    {
        await using var t = await TempDatabase.CreateAsync();
        using (var broken = new FixtureServer(Pages(page2: () => Reply.Text(500, "internal error"))))
        {
            var e = await Assert.ThrowsAsync<HarvestException>(() => Harvester(broken, t.Db, [], attempts: 2).HarvestAsync(Request));
            Assert.Contains("resumptionToken=4711%7C1001", e.Message);
            Assert.Contains("HTTP 500", e.Message);
            Assert.Equal(3, broken.Requests.Count); // page 1, then page 2 twice
        }
        Assert.NotNull(await new AppState(t.Db).GetAsync(ArxivOaiHarvester.PositionKey(Request)));

        using var server = new FixtureServer(Pages());
        var log = new List<string>();
        var result = await Harvester(server, t.Db, log).HarvestAsync(Request);

        Assert.Equal([Token2, Token3], server.Requests.Select(Token));
        Assert.True(result.Resumed);
        Assert.Equal(2, result.Pages);
        Assert.Equal(7, result.Records); // running counts carried over from the first run
        Assert.Equal(7, result.Counts.New);
        Assert.Contains("harvest arxiv: resuming at page 2 (3 records done before)", log);
        await AssertAllStoredAsync(t.Db);
        Assert.Null(await new AppState(t.Db).GetAsync(ArxivOaiHarvester.PositionKey(Request)));
    }

    [Fact]
    public async Task An_expired_token_restarts_from_the_from_date()
    {
        await using var t = await TempDatabase.CreateAsync();
        using (var broken = new FixtureServer(Pages(page2: () => Reply.Text(503, "down"))))
            await Assert.ThrowsAsync<HarvestException>(() => Harvester(broken, t.Db, [], attempts: 1).HarvestAsync(Request));

        var page2Calls = 0;
        using var server = new FixtureServer(Pages(page2: () => ++page2Calls == 1 ? Reply.File("oai-pmh/handmade/error_badResumptionToken.xml") : Reply.File(Page2)));
        var log = new List<string>();
        var result = await Harvester(server, t.Db, log).HarvestAsync(Request);

        Assert.Equal([Token2, "", Token2, Token3], server.Requests.Select(Token));
        Assert.Contains(log, l => l.Contains("refused the resumption token of page 2") && l.Contains("starting again from 2017-12-14"));
        Assert.Equal(3, result.Counts.Unchanged); // page 1 again: already stored
        Assert.Equal(7, result.Counts.New);
        await AssertAllStoredAsync(t.Db);
    }

    [Fact]
    public async Task Other_OAI_errors_stop_the_harvest_with_code_message_and_url()
    {
        await using var t = await TempDatabase.CreateAsync();
        using var server = new FixtureServer(_ => Reply.File("oai-pmh/handmade/error_badArgument.xml"));
        var e = await Assert.ThrowsAsync<HarvestException>(() => Harvester(server, t.Db, []).HarvestAsync(Request));
        Assert.Equal($"harvest arxiv: page 1 ({server.BaseUrl}oai2?verb=ListRecords&metadataPrefix=arXiv&from=2017-12-14&set=physics): OAI-PMH error badArgument: Illegal date format", e.Message);
    }

    [Fact]
    public async Task No_records_match_is_an_empty_successful_harvest()
    {
        await using var t = await TempDatabase.CreateAsync();
        using var server = new FixtureServer(_ => Reply.File("oai-pmh/handmade/error_noRecordsMatch.xml"));
        var result = await Harvester(server, t.Db, []).HarvestAsync(Request with { From = new DateOnly(2030, 1, 1) });
        Assert.Equal((1, 0), (result.Pages, result.Records));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_malformed_page_stops_with_its_line_and_keeps_the_position()
    {
        await using var t = await TempDatabase.CreateAsync();
        using var server = new FixtureServer(Pages(page2: () => Reply.File("oai-pmh/handmade/malformed_truncated.xml")));
        var e = await Assert.ThrowsAsync<HarvestException>(() => Harvester(server, t.Db, []).HarvestAsync(Request));
        Assert.Contains("page 2", e.Message);
        Assert.Contains("malformed OAI-PMH XML", e.Message);
        Assert.Contains("Line 54", e.Message);
        Assert.Contains("run the same command again to resume at this page", e.Message);
        Assert.Contains(Token2, await new AppState(t.Db).GetAsync(ArxivOaiHarvester.PositionKey(Request)));
    }

    [Fact]
    public async Task Stops_after_the_given_number_of_pages_with_nothing_new()
    {
        await using var t = await TempDatabase.CreateAsync();
        using var server = new FixtureServer(Pages());
        await Harvester(server, t.Db, []).HarvestAsync(Request);
        var result = await Harvester(server, t.Db, []).HarvestAsync(Request with { StopAfterQuietPages = 1 });
        Assert.True(result.StoppedEarly);
        Assert.Equal(4, server.Requests.Count); // 3 + the one quiet page
        Assert.Equal(3, result.Counts.Unchanged);
        Assert.Null(await new AppState(t.Db).GetAsync(ArxivOaiHarvester.PositionKey(Request with { StopAfterQuietPages = 1 })));
    }

    [Fact]
    public async Task ArXivRaw_prefix_is_requested_and_versions_are_stored()
    {
        await using var t = await TempDatabase.CreateAsync();
        using var server = new FixtureServer(_ => Reply.File("oai-pmh/handmade/ListRecords_arXivRaw_from-kaggle-0704.xml"));
        var request = new ArxivHarvestRequest { From = new DateOnly(2007, 5, 23), Until = new DateOnly(2007, 5, 24), MetadataPrefix = "arXivRaw" };
        var result = await Harvester(server, t.Db, []).HarvestAsync(request);
        Assert.Equal("/oai2?verb=ListRecords&metadataPrefix=arXivRaw&from=2007-05-23&until=2007-05-24", Assert.Single(server.Requests));
        Assert.Equal(2, result.Counts.New);
        var paper = (await new PaperStore(t.Db).GetAsync("0704.0001"))!.Paper;
        Assert.Equal(2, paper.Version);
        Assert.Equal([1, 2], paper.Versions.Select(v => v.Version));
        Assert.Equal("Pavel Nadolsky", paper.Submitter);
    }
}
