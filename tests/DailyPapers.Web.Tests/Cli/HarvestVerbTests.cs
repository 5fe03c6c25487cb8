using System.Net;
using System.Net.Sockets;
using DailyPapers.Storage;
using DailyPapers.Web.Cli;
using DailyPapers.Web.Jobs;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace DailyPapers.Web.Tests.Cli;

public sealed class HarvestVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dp-harvest-verb-" + Guid.NewGuid().ToString("N"));
    private string Db => Path.Combine(_dir, "test.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliApp.RunAsync(["harvest", .. args, "--database", Db], o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("name a source: arxiv or hf")]
    [InlineData("unknown source \"pubmed\" (expected arxiv or hf)", "pubmed")]
    [InlineData("unexpected argument \"extra\"", "hf", "extra")]
    [InlineData("harvest arxiv needs --from DATE", "arxiv")]
    [InlineData("--from: \"2025-13-01\" is not a date (expected YYYY-MM-DD)", "arxiv", "--from", "2025-13-01")]
    [InlineData("--until 2025-06-01 is before --from 2025-06-16", "arxiv", "--from", "2025-06-16", "--until", "2025-06-01")]
    [InlineData("--prefix \"oai_dc\" must be arXiv or arXivRaw", "arxiv", "--from", "2025-06-16", "--prefix", "oai_dc")]
    [InlineData("--date does not apply to harvest arxiv", "arxiv", "--from", "2025-06-16", "--date", "2025-06-16")]
    [InlineData("harvest hf needs --date DATE or --from DATE --until DATE", "hf")]
    [InlineData("give either --date or --from and --until, not both", "hf", "--date", "2025-06-16", "--from", "2025-06-15")]
    [InlineData("--from and --until go together", "hf", "--from", "2025-06-15")]
    [InlineData("--set does not apply to harvest hf", "hf", "--date", "2025-06-16", "--set", "cs")]
    [InlineData("--url \"ftp://example.org\" is not an http(s) URL", "hf", "--date", "2025-06-16", "--url", "ftp://example.org")]
    [InlineData("--delay \"-1\" must be a number of seconds from 0 to 3600", "hf", "--date", "2025-06-16", "--delay", "-1")]
    [InlineData("--limit: \"500\" must be a whole number from 1 to 100", "hf", "--date", "2025-06-16", "--limit", "500")]
    public async Task Usage_errors_exit_2_with_the_reason_and_the_usage(string message, params string[] args)
    {
        var (code, output, err) = await RunAsync(args);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains($"harvest: {message}", err);
        // The usage line is generated from the verb's definition (System.CommandLine), no longer written by hand.
        Assert.Contains("usage: dailypapers harvest [<source>] [--from DATE] [--until DATE]", err);
    }

    [Fact]
    public async Task Harvest_hf_and_arxiv_against_a_local_server_print_a_summary()
    {
        using var server = new TinyServer();
        var (code, output, err) = await RunAsync("hf", "--date", "2025-06-16", "--url", server.BaseUrl, "--delay", "0");
        Assert.True(code == 0, err);
        Assert.Equal("harvest hf: 9 new, 0 updated, 0 unchanged, 0 rejected; 9 records on 1 pages\n", output.ReplaceLineEndings("\n"));

        (code, output, err) = await RunAsync("arxiv", "--from", "2017-12-14", "--set", "physics:hep-th", "--url", server.BaseUrl + "oai2", "--delay", "0");
        Assert.True(code == 0, err);
        Assert.Equal("harvest arxiv: 3 new, 0 updated, 0 unchanged, 0 rejected; 3 records on 1 pages\n", output.ReplaceLineEndings("\n"));
        Assert.Contains("/oai2?verb=ListRecords&metadataPrefix=arXiv&from=2017-12-14&set=physics%3Ahep-th", server.Requests);
    }

    [Fact]
    public async Task A_failing_source_exits_1_naming_the_url()
    {
        using var server = new TinyServer();
        var (code, _, err) = await RunAsync("hf", "--date", "2025-06-17", "--url", server.BaseUrl, "--delay", "0");
        Assert.Equal(1, code);
        Assert.Contains($"harvest hf: GET {server.BaseUrl}api/daily_papers?date=2025-06-17&limit=50&p=0: HTTP 404 Not Found", err);
    }

    [Fact]
    public async Task A_hand_run_harvest_refuses_while_a_node_holds_the_harvest_lease_and_fetches_nothing()
    {
        using var server = new TinyServer();
        Assert.Equal(0, (await CliApp.RunAsync(["migrate", "--database", Db], new StringWriter(), new StringWriter())));
        var db = Database.Sqlite(Db);
        Assert.True(await new JobLease(db).TryAcquireAsync(HarvestService.LeaseName, LockKeys.Harvest, "web-node-1", TimeSpan.FromHours(1)));

        var (code, output, err) = await RunAsync("hf", "--date", "2025-06-16", "--url", server.BaseUrl, "--delay", "0");
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("harvest hf: a web node (or another harvest command) is harvesting right now", err);
        Assert.Empty(server.Requests);

        await new JobLease(db).ReleaseAsync(HarvestService.LeaseName, "web-node-1");
        (code, _, err) = await RunAsync("hf", "--date", "2025-06-16", "--url", server.BaseUrl, "--delay", "0");
        Assert.True(code == 0, err);
    }

    [Fact]
    public async Task Scheduled_harvest_round_fetches_hf_and_arxiv_and_skips_when_another_node_holds_the_lease()
    {
        using var server = new TinyServer();
        var options = new DailyPapersOptions
        {
            Database = Db, HfUrl = server.BaseUrl, ArxivOaiUrl = server.BaseUrl + "oai2", HarvestDelaySeconds = 0, HfHarvestDelaySeconds = 0,
            Harvest = new HarvestSettings { Enabled = true, ArxivSets = "physics:hep-th" },
        };
        var db = Database.FromLocation(Db);
        await Migrator.MigrateAsync(db);
        var clock = new FixedClock(new DateTimeOffset(2025, 6, 16, 9, 0, 0, TimeSpan.Zero));
        var state = new AppState(db, clock);
        using var http = new HarvestHttp();
        var service = new HarvestService(options, new PaperStore(db, clock), state, db, clock, http, NullLogger<HarvestService>.Instance);

        Assert.True(await service.RunOnceAsync(CancellationToken.None));
        Assert.Contains("/api/daily_papers?date=2025-06-15&limit=50&p=0", server.Requests);
        Assert.Contains("/api/daily_papers?date=2025-06-16&limit=50&p=0", server.Requests);
        Assert.Contains("/oai2?verb=ListRecords&metadataPrefix=arXiv&from=2025-06-14&set=physics%3Ahep-th", server.Requests);
        var (papers, _, _) = await new PaperStore(db).CountAsync();
        Assert.Equal(12, papers); // 9 from HF + 3 from arXiv
        Assert.Equal("2025-06-16", await state.GetAsync(HarvestService.LastSuccessKey("physics:hep-th")));

        Assert.True(await new JobLease(db, clock).TryAcquireAsync("harvest", LockKeys.Harvest, "other-node", TimeSpan.FromHours(1)));
        var before = server.Requests.Count;
        Assert.False(await service.RunOnceAsync(CancellationToken.None));
        Assert.Equal(before, server.Requests.Count);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Local server with two recorded answers: HF 2025-06-16 (9 items) and an arXiv hep-th ListRecords page.</summary>
    private sealed class TinyServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly List<string> _requests = [];
        public string BaseUrl { get; }
        public IReadOnlyList<string> Requests { get { lock (_requests) return _requests.ToList(); } }

        public TinyServer()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            BaseUrl = $"http://127.0.0.1:{port}/";
            _listener.Prefixes.Add(BaseUrl);
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync(); }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
                var url = ctx.Request.Url!;
                lock (_requests) _requests.Add(url.PathAndQuery);
                var (status, file) = url.AbsolutePath switch
                {
                    "/api/daily_papers" when ctx.Request.QueryString["date"] is "2025-06-16" => (200, "hf-daily-papers/raw-samples/2025-06-16.json"),
                    "/api/daily_papers" when ctx.Request.QueryString["date"] is "2025-06-15" => (200, null),
                    "/oai2" => (200, "arxiv/oai-pmh/oai-pmh_ListRecords_arXiv_set-physics-hep-th_2017-12-14.xml"),
                    _ => (404, null),
                };
                var body = file is null ? (status == 200 ? "[]"u8.ToArray() : "not found"u8.ToArray()) : await File.ReadAllBytesAsync(SharedData(file));
                try
                {
                    ctx.Response.StatusCode = status;
                    ctx.Response.ContentLength64 = body.Length;
                    await ctx.Response.OutputStream.WriteAsync(body);
                    ctx.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or IOException) { }
            }
        }

        // The recorded answers are the library tests' fixtures (copies of shared/data), found from the build output.
        private static string SharedData(string file)
        {
            var name = Path.GetFileName(file);
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var fixtures = Path.Combine(dir.FullName, "tests", "DailyPapers.Tests", "Fixtures");
                if (!Directory.Exists(fixtures)) continue;
                var hit = Directory.EnumerateFiles(fixtures, name, SearchOption.AllDirectories).FirstOrDefault();
                if (hit is not null) return hit;
            }
            throw new FileNotFoundException($"test fixture {name} not found above {AppContext.BaseDirectory}");
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }
    }
}
