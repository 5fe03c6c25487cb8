using System.Text;
using DailyPapers.Ingest.Harvest;
using Xunit;

namespace DailyPapers.Tests.Harvest;

public class PoliteHttpTests
{
    private static readonly HttpClient Client = new();

    private static PoliteHttp Http(JumpingClock clock, List<string> log, PoliteHttpOptions? options = null) =>
        new(Client, options ?? new PoliteHttpOptions { MinInterval = TimeSpan.Zero, InitialBackoff = TimeSpan.FromSeconds(4) }, clock, log.Add, new Random(7));

    [Fact]
    public async Task Answer_503_with_Retry_After_seconds_is_waited_out_then_the_page_is_fetched()
    {
        var clock = new JumpingClock();
        var calls = 0;
        using var server = new FixtureServer(_ => ++calls == 1
            ? Reply.Text(503, "busy").WithHeader("Retry-After", "120")
            : Reply.Text(200, "ok"), clock);
        var log = new List<string>();
        var body = await Http(clock, log).GetBytesAsync(new Uri(server.BaseUrl, "oai2?verb=Identify"));
        Assert.Equal("ok", Encoding.UTF8.GetString(body));
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(120)], clock.Waits);
        Assert.Equal(TimeSpan.FromSeconds(120), server.RequestTimes[1] - server.RequestTimes[0]);
        Assert.Contains(log, l => l.Contains("HTTP 503") && l.Contains("Retry-After 120 s"));
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_waited_until_that_time()
    {
        var clock = new JumpingClock();
        var calls = 0;
        var until = clock.GetUtcNow().AddSeconds(90);
        using var server = new FixtureServer(_ => ++calls == 1
            ? Reply.Text(503, "busy").WithHeader("Retry-After", until.ToString("R"))
            : Reply.Text(200, "ok"), clock);
        await Http(clock, []).GetBytesAsync(server.BaseUrl);
        Assert.Equal([TimeSpan.FromSeconds(90)], clock.Waits);
    }

    [Fact]
    public async Task A_huge_Retry_After_is_capped()
    {
        var clock = new JumpingClock();
        var calls = 0;
        using var server = new FixtureServer(_ => ++calls == 1
            ? Reply.Text(503, "busy").WithHeader("Retry-After", "86400")
            : Reply.Text(200, "ok"), clock);
        await Http(clock, []).GetBytesAsync(server.BaseUrl);
        Assert.Equal([TimeSpan.FromMinutes(10)], clock.Waits);
    }

    [Fact]
    public async Task Transient_500s_are_retried_with_growing_jittered_backoff()
    {
        var clock = new JumpingClock();
        var calls = 0;
        using var server = new FixtureServer(_ => ++calls <= 2 ? Reply.Text(500, "oops") : Reply.Text(200, "ok"), clock);
        var body = await Http(clock, []).GetBytesAsync(server.BaseUrl);
        Assert.Equal("ok", Encoding.UTF8.GetString(body));
        Assert.Equal(3, server.Requests.Count);
        var waits = clock.Waits;
        Assert.Equal(2, waits.Count);
        // Equal jitter: attempt n waits between half and all of 4 s * 2^(n-1).
        Assert.InRange(waits[0], TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4));
        Assert.InRange(waits[1], TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried_and_names_url_status_and_body()
    {
        var clock = new JumpingClock();
        using var server = new FixtureServer(_ => Reply.Text(400, "{\"error\":\"Invalid date\"}"), clock);
        var url = new Uri(server.BaseUrl, "api/daily_papers?date=2025-13-40");
        var e = await Assert.ThrowsAsync<HarvestException>(() => Http(clock, []).GetBytesAsync(url));
        Assert.Equal($"GET {url}: HTTP 400 Bad Request: {{\"error\":\"Invalid date\"}}", e.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Persistent_5xx_gives_up_after_the_attempts_with_a_clear_error()
    {
        var clock = new JumpingClock();
        using var server = new FixtureServer(_ => Reply.Text(502, "bad gateway"), clock);
        var http = Http(clock, [], new PoliteHttpOptions { MinInterval = TimeSpan.Zero, MaxAttempts = 3 });
        var e = await Assert.ThrowsAsync<HarvestException>(() => http.GetBytesAsync(server.BaseUrl));
        Assert.Equal($"GET {server.BaseUrl}: gave up after 3 attempts; last failure: HTTP 502 Bad Gateway", e.Message);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_refused_connection_is_retried_then_reported()
    {
        var clock = new JumpingClock();
        var (reservation, port) = FixtureServer.ClosedPort();
        using var _ = reservation;
        var url = new Uri($"http://127.0.0.1:{port}/oai2");
        var log = new List<string>();
        var http = Http(clock, log, new PoliteHttpOptions { MinInterval = TimeSpan.Zero, MaxAttempts = 2 });
        var e = await Assert.ThrowsAsync<HarvestException>(() => http.GetBytesAsync(url));
        Assert.StartsWith($"GET {url}: gave up after 2 attempts; last failure: ", e.Message);
        Assert.Contains("refused", e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Single(clock.Waits);
        Assert.Single(log);
    }

    [Fact]
    public async Task A_request_that_times_out_is_retried()
    {
        var clock = new JumpingClock();
        var calls = 0;
        using var server = new FixtureServer(_ =>
        {
            // The first answer comes far too late (real time: the timeout is a socket matter, not the clock's).
            if (Interlocked.Increment(ref calls) == 1) Thread.Sleep(TimeSpan.FromSeconds(2));
            return Reply.Text(200, "ok");
        }, clock);
        var log = new List<string>();
        var http = Http(clock, log, new PoliteHttpOptions { MinInterval = TimeSpan.Zero, RequestTimeout = TimeSpan.FromMilliseconds(200), MaxAttempts = 2 });
        Assert.Equal("ok", Encoding.UTF8.GetString(await http.GetBytesAsync(server.BaseUrl)));
        Assert.Equal(2, calls);
        Assert.Contains(log, l => l.Contains("no answer within 0.2 s"));
    }

    [Fact]
    public async Task Requests_keep_the_minimum_interval_on_the_clock()
    {
        var clock = new JumpingClock();
        using var server = new FixtureServer(_ => Reply.Text(200, "ok"), clock);
        var http = Http(clock, [], new PoliteHttpOptions { MinInterval = TimeSpan.FromSeconds(3) });
        await http.GetBytesAsync(server.BaseUrl);
        clock.Advance(TimeSpan.FromSeconds(1)); // time spent elsewhere counts towards the interval
        await http.GetBytesAsync(server.BaseUrl);
        await http.GetBytesAsync(server.BaseUrl);
        var t = server.RequestTimes;
        Assert.Equal(3, t.Count);
        Assert.Equal(TimeSpan.FromSeconds(3), t[1] - t[0]);
        Assert.Equal(TimeSpan.FromSeconds(3), t[2] - t[1]);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3)], clock.Waits);
    }

    [Theory]
    [InlineData(1, 2.0, 4.0)]
    [InlineData(3, 8.0, 16.0)]
    [InlineData(20, 150.0, 300.0)] // capped at MaxBackoff (5 min)
    public void Backoff_doubles_per_attempt_within_jitter_and_cap(int attempt, double minSeconds, double maxSeconds)
    {
        var http = new PoliteHttp(Client, new PoliteHttpOptions { InitialBackoff = TimeSpan.FromSeconds(4) }, new JumpingClock(), null, new Random(1));
        for (var i = 0; i < 50; i++)
            Assert.InRange(http.Backoff(attempt).TotalSeconds, minSeconds, maxSeconds);
    }
}
