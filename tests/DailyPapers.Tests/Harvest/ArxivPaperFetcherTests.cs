using DailyPapers.Ingest.Harvest;
using DailyPapers.Papers;

namespace DailyPapers.Tests.Harvest;

/// <summary>The submission fetch against a local server with recorded arXiv id_list answers.</summary>
public sealed class ArxivPaperFetcherTests
{
    private static ArxivPaperFetcher Fetcher(Uri baseUrl, List<string>? log = null, long maxBytes = 1 << 20) => new(
        new PoliteHttp(new HttpClient(), new PoliteHttpOptions { MinInterval = TimeSpan.Zero, MaxAttempts = 1, MaxResponseBytes = maxBytes }),
        new Uri(baseUrl, "api/query").ToString(), log is null ? null : log.Add);

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
            Assert.Equal("arXiv gave an answer that could not be read, so 2401.00001 was not submitted; try again later.", r.Problem);
        }
        var (reservation, port) = FixtureServer.ClosedPort();
        using (reservation)
        {
            var r = await Fetcher(new Uri($"http://127.0.0.1:{port}/")).FetchAsync(ArxivId.Parse("2401.00001"));
            Assert.True(r.Unreachable);
            Assert.Equal("arXiv did not answer, so 2401.00001 was not submitted; try again later.", r.Problem);
        }
    }

    /// <summary>
    /// Issue 10, point 8: the user read the upstream URL and its error, and a 200 MB answer was buffered whole. Now
    /// the user reads a generic sentence, the log gets the details, and an answer over the cap is not read.
    /// </summary>
    [Fact]
    public async Task Issue10_failures_tell_the_user_nothing_of_the_upstream_and_the_log_everything()
    {
        using var failing = new FixtureServer(_ => Reply.Text(503, "down"));
        var log = new List<string>();
        var r = await Fetcher(failing.BaseUrl, log).FetchAsync(ArxivId.Parse("2401.00001"));
        Assert.Equal("arXiv did not answer, so 2401.00001 was not submitted; try again later.", r.Problem);
        Assert.DoesNotContain("127.0.0.1", r.Problem);
        Assert.Contains(log, l => l.Contains(failing.BaseUrl.Authority) && l.Contains("HTTP 503"));
    }

    [Fact]
    public async Task Issue10_an_answer_over_the_size_cap_is_refused_and_not_retried()
    {
        var big = new string('x', 300_000);
        using var server = new FixtureServer(_ => Reply.Text(200, $"<feed xmlns=\"http://www.w3.org/2005/Atom\"><!-- {big} --></feed>", "application/atom+xml"));
        var log = new List<string>();
        var http = new PoliteHttp(new HttpClient(), new PoliteHttpOptions { MinInterval = TimeSpan.Zero, MaxAttempts = 3, MaxResponseBytes = 100_000 });
        var r = await new ArxivPaperFetcher(http, new Uri(server.BaseUrl, "api/query").ToString(), log.Add).FetchAsync(ArxivId.Parse("2401.00001"));
        Assert.True(r.Unreachable);
        Assert.Single(server.Requests); // too large is not transient: no second try
        Assert.Contains(log, l => l.Contains("larger than 100,000 bytes"));
        // Under the cap the same answer is read (an empty feed: no such paper).
        Assert.False((await Fetcher(server.BaseUrl, maxBytes: 1_000_000).FetchAsync(ArxivId.Parse("2401.00001"))).Unreachable);
    }
}
