using System.Net;
using DailyPapers.Ingest;
using DailyPapers.Ingest.Harvest;
using DailyPapers.Storage;
using Xunit;

namespace DailyPapers.Tests.Harvest;

public class HfHarvesterTests
{
    /// <summary>Serves the recorded slices of 5 items; a page or day with none is an empty array, as the API answers.</summary>
    private static Reply Daily(HttpListenerRequest r)
    {
        Assert.Equal("/api/daily_papers", r.Url!.AbsolutePath);
        Assert.Equal("5", r.QueryString["limit"]);
        var file = $"hf-harvest/{r.QueryString["date"]}.limit5.p{r.QueryString["p"]}.json";
        return File.Exists(Fixtures.Path(file)) ? Reply.File(file, "application/json") : Reply.Text(200, "[]", "application/json");
    }

    private static HfHarvester Harvester(FixtureServer server, Database db, JumpingClock? clock = null, List<string>? log = null) =>
        new(new PoliteHttp(new HttpClient(), new PoliteHttpOptions { MinInterval = TimeSpan.FromSeconds(1) }, clock ?? new JumpingClock()),
            server.BaseUrl, new Importer(new PaperStore(db)), (log ?? []).Add) { Limit = 5 };

    [Fact]
    public async Task Pages_a_day_until_a_page_is_not_full()
    {
        await using var t = await TempDatabase.CreateAsync();
        using var server = new FixtureServer(Daily);
        var day = new DateOnly(2025, 6, 16);
        var log = new List<string>();
        var result = await Harvester(server, t.Db, log: log).HarvestAsync(day, day);

        Assert.Equal(["/api/daily_papers?date=2025-06-16&limit=5&p=0", "/api/daily_papers?date=2025-06-16&limit=5&p=1"], server.Requests);
        Assert.Equal(new global::DailyPapers.Papers.ImportCounts(9, 0, 0, 0), result.Counts);
        Assert.Equal((2, 9), (result.Pages, result.Records));
        var view = await new PaperStore(t.Db).GetAsync("2506.11924");
        Assert.NotNull(view);
        Assert.Equal(day, Assert.Single(view.Entries).FeedDate);
        Assert.Contains("harvest hf: 2025-06-16: 9 items on 2 pages (9 new, 0 updated, 0 unchanged, 0 rejected)", log);

        var again = await Harvester(server, t.Db).HarvestAsync(day, day);
        Assert.Equal(new global::DailyPapers.Papers.ImportCounts(0, 0, 9, 0), again.Counts);
    }

    [Fact]
    public async Task Harvests_each_day_of_a_range_one_second_apart()
    {
        await using var t = await TempDatabase.CreateAsync();
        var clock = new JumpingClock();
        using var server = new FixtureServer(Daily, clock);
        var result = await Harvester(server, t.Db, clock).HarvestAsync(new DateOnly(2024, 5, 26), new DateOnly(2024, 5, 27));

        Assert.Equal(["date=2024-05-26&limit=5&p=0", "date=2024-05-27&limit=5&p=0", "date=2024-05-27&limit=5&p=1", "date=2024-05-27&limit=5&p=2"],
            server.Requests.Select(r => r.Split('?')[1]));
        Assert.Equal(13, result.Counts.New);
        var times = server.RequestTimes;
        for (var i = 1; i < times.Count; i++) Assert.Equal(TimeSpan.FromSeconds(1), times[i] - times[i - 1]);
    }

    [Theory]
    [InlineData("[{\"paper\": {\"id\": ", "invalid JSON")]
    [InlineData("{\"error\": \"Invalid date\"}", "expected a JSON array of daily papers, got a JSON object")]
    public async Task A_body_that_is_not_a_JSON_array_is_a_clear_error_naming_the_url(string body, string message)
    {
        await using var t = await TempDatabase.CreateAsync();
        using var server = new FixtureServer(_ => Reply.Text(200, body, "application/json"));
        var e = await Assert.ThrowsAsync<HarvestException>(() => Harvester(server, t.Db).HarvestAsync(new DateOnly(2025, 6, 16), new DateOnly(2025, 6, 16)));
        Assert.StartsWith($"GET {server.BaseUrl}api/daily_papers?date=2025-06-16&limit=5&p=0: ", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public async Task A_server_that_ignores_p_does_not_make_it_loop()
    {
        await using var t = await TempDatabase.CreateAsync();
        using var server = new FixtureServer(_ => Reply.File("hf-harvest/2025-06-16.limit5.p0.json", "application/json"));
        var result = await Harvester(server, t.Db).HarvestAsync(new DateOnly(2025, 6, 16), new DateOnly(2025, 6, 16));
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(5, result.Counts.New);
    }

    [Fact]
    public async Task Until_before_from_is_refused()
    {
        await using var t = await TempDatabase.CreateAsync();
        using var server = new FixtureServer(Daily);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => Harvester(server, t.Db).HarvestAsync(new DateOnly(2025, 6, 16), new DateOnly(2025, 6, 15)));
        Assert.Equal("until 2025-06-15 is before from 2025-06-16", e.Message);
        Assert.Empty(server.Requests);
    }
}
