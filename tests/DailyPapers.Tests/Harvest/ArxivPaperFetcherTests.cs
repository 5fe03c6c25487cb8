using DailyPapers.Ingest.Harvest;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Harvest;

/// <summary>The submission fetch against a local server with recorded arXiv id_list answers.</summary>
public sealed class ArxivPaperFetcherTests
{
    private static ArxivPaperFetcher Fetcher(Uri baseUrl) => new(
        new PoliteHttp(new HttpClient(), new PoliteHttpOptions { MinInterval = TimeSpan.Zero, MaxAttempts = 1 }),
        new Uri(baseUrl, "api/query").ToString());

    [Theory]
    [InlineData("atom/arxiv-api.id_list-1501.05039.xml", "1501.05039", "Defining Data Science", null)]
    [InlineData("atom/arxiv-api.id_list-empty.xml", "2401.99999", null, "arXiv has no paper 2401.99999.")]
    [InlineData("atom/arxiv-api.id_list-error.xml", "2401.99998", null, "arXiv has no paper 2401.99998.")]
    public async Task Recorded_answers_give_the_paper_or_no_paper(string fixture, string id, string? title, string? problem)
    {
        using var server = new FixtureServer(_ => Reply.File(fixture));
        var result = await Fetcher(server.BaseUrl).FetchAsync(ArxivId.Parse(id));
        Assert.Equal((title, problem, false), (result.Paper?.Title, result.Problem, result.Unreachable));
        Assert.Equal([$"/api/query?id_list={id}&max_results=1"], server.Requests);
        if (result.Paper is { } p) Assert.Equal((1, new DateTimeOffset(2015, 1, 21, 2, 41, 55, TimeSpan.Zero)), (p.Version, p.PublishedAt));
    }

    [Fact]
    public async Task Server_errors_non_atom_answers_and_refused_connections_are_unreachable()
    {
        using (var failing = new FixtureServer(_ => Reply.Text(503, "down")))
            Assert.True((await Fetcher(failing.BaseUrl).FetchAsync(ArxivId.Parse("2401.00001"))).Unreachable);
        using (var html = new FixtureServer(_ => Reply.Text(200, "<html><body>maintenance</body></html>", "text/html")))
        {
            var r = await Fetcher(html.BaseUrl).FetchAsync(ArxivId.Parse("2401.00001"));
            Assert.True(r.Unreachable);
            Assert.Contains("not an Atom feed", r.Problem);
        }
        var (reservation, port) = FixtureServer.ClosedPort();
        using (reservation)
        {
            var r = await Fetcher(new Uri($"http://127.0.0.1:{port}/")).FetchAsync(ArxivId.Parse("2401.00001"));
            Assert.True(r.Unreachable);
            Assert.Contains("arXiv could not be reached, so 2401.00001 was not submitted", r.Problem);
        }
    }
}
