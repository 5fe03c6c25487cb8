using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DailyPapers.Digests;
using DailyPapers.Ingest;
using DailyPapers.Mail;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Bench;

/// <summary>
/// <c>digests N [--send M] [--connections C] [--demo FILE]</c>: N confirmed subscribers (10 % with an alert: an
/// organisation, an author or a saved search) on a SQLite file with the demo corpus; times building the newest
/// daily period into the outbox, then sending M of those mails to a minimal SMTP sink in this process (accepting
/// and counting), and prints mails/s.
/// </summary>
public static class DigestBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0 || !int.TryParse(args[0], out var n) || n < 1) { Console.Error.WriteLine("usage: digests N [--send M] [--connections C] [--demo FILE]"); return 2; }
        var sendCount = int.Parse(KaggleGenerator.Arg(args, "--send") ?? "10000");
        var connections = int.Parse(KaggleGenerator.Arg(args, "--connections") ?? "4");
        var demo = KaggleGenerator.Arg(args, "--demo") ?? FindDemo();
        var dir = Path.Combine(Path.GetTempPath(), $"dp-digestbench-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            var db = Database.Sqlite(Path.Combine(dir, "bench.db"));
            await Migrator.MigrateAsync(db);
            var papers = new PaperStore(db);
            var sw = Stopwatch.StartNew();
            var imported = await new Importer(papers).ImportFilesAsync([demo]);
            Console.WriteLine($"setup: imported {imported.Total:N0} feed records from {Path.GetFileName(demo)} in {sw.Elapsed.TotalSeconds:F1} s");

            var store = new DigestStore(db);
            var latest = await papers.GetLatestFeedDateAsync() ?? throw new InvalidOperationException("the demo corpus has no feed");
            while (latest.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) latest = latest.AddDays(-1);
            var period = DigestPeriod.Daily(latest);
            var feed = await papers.GetFeedAsync(new Papers.FeedQuery(period.From, period.To) { Limit = 500 });
            var orgs = feed.Items.Select(i => i.Paper.Paper.Organization?.Name).OfType<string>().Distinct().ToList();
            var authors = feed.Items.SelectMany(i => i.Paper.Paper.Authors.Take(2).Select(a => a.Name)).Distinct().ToList();
            string[] words = ["model", "diffusion", "language", "reasoning", "video", "agent", "benchmark", "robot"];

            sw.Restart();
            var alertUsers = n / 10;
            var userIds = await store.AddUsersAsync(Enumerable.Range(0, alertUsers).Select(i => $"bench-user-{i}").ToList());
            await store.ImportConfirmedAsync(Enumerable.Range(0, n).Select(i =>
                ($"reader{i:D7}@bench.example", Cadence.Daily, i % 10 == 0 && i / 10 < userIds.Count ? userIds[i / 10] : (long?)null)));
            var rng = new Random(42);
            for (var i = 0; i < userIds.Count; i++)
            {
                var (kind, value) = (i % 3) switch
                {
                    0 when orgs.Count > 0 => (AlertKind.Organization, orgs[rng.Next(orgs.Count)]),
                    1 when authors.Count > 0 => (AlertKind.Author, authors[rng.Next(authors.Count)]),
                    _ => (AlertKind.Search, AlertQuery.ToJson(new SearchQuery { Text = words[rng.Next(words.Length)] })),
                };
                await store.AddAlertAsync(userIds[i], kind, value, i % 4 == 0 ? AlertDelivery.Own : AlertDelivery.Digest);
            }
            Console.WriteLine($"setup: {n:N0} subscribers, {userIds.Count:N0} with an alert, in {sw.Elapsed.TotalSeconds:F1} s");

            var settings = new DigestSettings { PublicUrl = "http://127.0.0.1:5000", SendConnections = connections };
            var builder = new DigestBuilder(store, papers, new AppState(db), settings);
            sw.Restart();
            var report = await builder.BuildAsync(period);
            var buildSeconds = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"build: {report} in {buildSeconds:F1} s = {report.Queued / buildSeconds:N0} mails/s queued (goal: {n:N0} in ≤ 120 s)");

            await using var sink = new Sink();
            var sender = new DigestSender(store, new MailSender(new SmtpSettings { Host = "127.0.0.1", Port = sink.Port, Security = SmtpSecurity.None, FromAddress = "digest@bench.example" }),
                settings, new DigestTokens(await store.TokenKeyAsync()));
            using var enough = new CancellationTokenSource();
            var watch = Task.Run(async () => { while (sink.Count < sendCount && !enough.IsCancellationRequested) await Task.Delay(10); await enough.CancelAsync(); });
            sw.Restart();
            try { await sender.SendDueAsync(ct: enough.Token); } catch (OperationCanceledException) { }
            var sendSeconds = sw.Elapsed.TotalSeconds;
            await enough.CancelAsync();
            await watch;
            var sent = (await store.OutboxCountsAsync(period.Key)).GetValueOrDefault("sent");
            Console.WriteLine($"send: {sent:N0} mails marked sent ({sink.Count:N0} accepted by the sink, {sink.Bytes / Math.Max(1, sink.Count):N0} bytes each) in {sendSeconds:F1} s = {sent / sendSeconds:N0} mails/s on {connections} connections (goal ≥ 200/s)");
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; database {new FileInfo(db.FilePath!).Length / 1048576} MiB");
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    private static string FindDemo()
    {
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            var demo = Path.Combine(d.FullName, "data", "demo", "hf-daily-papers-2024-05-27_2026-08-21.jsonl.gz");
            if (File.Exists(demo)) return demo;
        }
        throw new FileNotFoundException("data/demo/hf-daily-papers-2024-05-27_2026-08-21.jsonl.gz not found above the current directory; pass --demo FILE");
    }

    /// <summary>
    /// A minimal SMTP sink: greets, says 250 to every command, reads DATA up to the lone dot and counts the message.
    /// Written here rather than with the SmtpServer package because that one cannot turn Nagle's algorithm off on
    /// its sockets, and then each small reply waits for the client's delayed ACK (~40 ms): the sink, not the sender,
    /// would set the rate. Production MTAs (Postfix, Exim) reply without that delay.
    /// </summary>
    private sealed class Sink : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _cts = new();
        private readonly Task _accepting;
        private long _count, _bytes;
        public int Port { get; }
        public long Count => Interlocked.Read(ref _count);
        public long Bytes => Interlocked.Read(ref _bytes);

        public Sink()
        {
            _listener.Server.NoDelay = true;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _accepting = Task.Run(AcceptAsync);
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var client = await _listener.AcceptTcpClientAsync(_cts.Token);
                    client.NoDelay = true;
                    _ = Task.Run(() => SessionAsync(client));
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
        }

        private async Task SessionAsync(TcpClient client)
        {
            using var _ = client;
            try
            {
                var stream = client.GetStream();
                var reader = new StreamReader(stream, System.Text.Encoding.Latin1);
                var writer = new StreamWriter(stream, System.Text.Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 sink ready");
                while (await reader.ReadLineAsync(_cts.Token) is { } line)
                {
                    var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                    if (verb == "QUIT") { await writer.WriteLineAsync("221 bye"); return; }
                    if (verb == "DATA")
                    {
                        await writer.WriteLineAsync("354 go on");
                        long size = 0;
                        while (await reader.ReadLineAsync(_cts.Token) is { } data && data != ".") size += data.Length + 2;
                        Interlocked.Increment(ref _count);
                        Interlocked.Add(ref _bytes, size);
                    }
                    await writer.WriteLineAsync(verb == "EHLO" ? "250 sink" : "250 ok");
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
        }

        public async ValueTask DisposeAsync()
        {
            await _cts.CancelAsync();
            _listener.Stop();
            try { await _accepting.WaitAsync(TimeSpan.FromSeconds(5)); } catch (Exception) { /* shutting down */ }
            _cts.Dispose();
        }
    }
}
