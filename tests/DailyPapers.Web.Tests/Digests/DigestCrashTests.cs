using System.Diagnostics;
using System.Globalization;
using DailyPapers.Digests;
using DailyPapers.Ingest;
using DailyPapers.Storage;
using DailyPapers.TestSupport;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Web.Tests.Digests;

/// <summary>
/// Issue 5's crash tests with a real kill -9: the sender and the builder run as child processes
/// (<c>dotnet DailyPapers.Web.dll digest send|build</c>), are killed mid-run, restarted, and the result checked.
/// </summary>
public sealed class DigestCrashTests : IAsyncLifetime
{
    private const int Connections = 4;
    private static readonly DigestPeriod Period = DigestPeriod.Parse("daily:2024-09-23");
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dailypapers-crash-" + Guid.NewGuid().ToString("N"));
    private readonly TestSmtpServer _smtp = new();
    private Database _db = null!;
    private DigestStore _store = null!;

    private string DbPath => Path.Combine(_dir, "crash.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _db = Database.Sqlite(DbPath);
        await Migrator.MigrateAsync(_db);
        _store = new DigestStore(_db);
        await new Importer(new PaperStore(_db)).ImportFilesAsync([DailyPapersFactory.FixturePath("hf-daily-papers-2024-09-23_2024-09-25.jsonl")]);
    }

    public async Task DisposeAsync()
    {
        await _smtp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private Task SubscribersAsync(int n) =>
        _store.ImportConfirmedAsync(Enumerable.Range(0, n).Select(i => ($"reader{i:D5}@example.org", Cadence.Daily, (long?)null)));

    private Process Start(string args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DailyPapers.Web.dll"));
        foreach (var a in args.Split(' ')) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("--database");
        psi.ArgumentList.Add(DbPath);
        var env = psi.Environment;
        env["DailyPapers__PublicUrl"] = "http://localhost";
        env["DailyPapers__Smtp__Host"] = "127.0.0.1";
        env["DailyPapers__Smtp__Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture);
        env["DailyPapers__Smtp__Security"] = "None";
        env["DailyPapers__Digest__SendConnections"] = Connections.ToString(CultureInfo.InvariantCulture);
        env["DailyPapers__Digest__BuildBatchSize"] = "100";
        // A killed process holds its lease until it expires: keep that short so the restart waits little.
        env["DailyPapers__Digest__LeaseSeconds"] = "2";
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task KillWhenAsync(Process p, Func<Task<bool>> ready)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await ready())
        {
            if (p.HasExited) throw new InvalidOperationException($"the child process ended (exit {p.ExitCode}) before it could be killed mid-run");
            if (DateTime.UtcNow > until) throw new TimeoutException("the child process made no progress");
            await Task.Delay(5);
        }
        p.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no flush
        await p.WaitForExitAsync();
    }

    private static async Task RunToEndAsync(Process p)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, p.ExitCode);
    }

    [Fact]
    public async Task A_sender_killed_midway_and_restarted_sends_each_digest_once_but_for_the_mails_in_flight()
    {
        const int Readers = 2000;
        await SubscribersAsync(Readers);
        var sp = new DigestBuilder(_store, new PaperStore(_db), new AppState(_db), new DigestSettings { PublicUrl = "http://localhost" });
        Assert.Equal(Readers, (await sp.BuildAsync(Period)).Queued);
        // A little latency per mail, as a real server has, so the kill lands mid-run rather than after the end.
        _smtp.Respond = _ => { Thread.Sleep(2); return null; };

        using (var first = Start($"digest send"))
            await KillWhenAsync(first, () => Task.FromResult(_smtp.Messages.Count >= 300));
        var atKill = _smtp.Messages.Count;
        Assert.InRange(atKill, 300, Readers - 1);

        using (var second = Start("digest send"))
            await RunToEndAsync(second);

        var perReader = _smtp.Messages.GroupBy(m => m.To.Mailboxes.Single().Address).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Readers, perReader.Count);                                // nobody missed
        Assert.All(perReader.Values, n => Assert.InRange(n, 1, 2));
        Assert.InRange(perReader.Values.Count(n => n == 2), 0, Connections);   // at most the one in flight per connection
        Assert.Equal(Readers, (await _store.OutboxCountsAsync(Period.Key))["sent"]);
    }

    [Fact]
    public async Task A_builder_killed_midway_and_restarted_queues_exactly_one_digest_per_reader()
    {
        const int Readers = 30_000;
        await SubscribersAsync(Readers);

        using (var first = Start($"digest build --period {Period.Key}"))
            await KillWhenAsync(first, async () => (await _store.OutboxCountsAsync(Period.Key)).GetValueOrDefault("queued") > 0);
        var atKill = (await _store.OutboxCountsAsync(Period.Key)).GetValueOrDefault("queued");
        Assert.InRange(atKill, 1, Readers - 1);

        using (var second = Start($"digest build --period {Period.Key}"))
            await RunToEndAsync(second);

        Assert.Equal(Readers, (await _store.OutboxCountsAsync(Period.Key))["queued"]);
        // The unique (subscriber, period, kind) key: one row per reader, whatever the restarts did.
        long after = 0, rows = 0;
        var seen = new HashSet<long>();
        for (IReadOnlyList<OutboxRow> page; (page = await _store.DueAsync(after, 5000, Period.Key)).Count > 0; after = page[^1].Id)
            foreach (var r in page) { rows++; Assert.True(seen.Add(r.SubscriberId)); }
        Assert.Equal(Readers, rows);
        Assert.NotNull((await _store.GetIssueAsync(Period.Key))!.CompletedAt);
    }
}
