using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace DailyPapers.Bench;

/// <summary>
/// <c>attack [--web DLL] [--seconds S] [--runs R] [--attackers C] [--port P]</c> (issue 10, point 4): the site as its
/// own process on the demo corpus (BM25 search, no vectors), twenty normal readers each searching every 2.5 s from
/// their own loopback address, measured idle and while one attacker (127.0.0.2) hammers /api/papers/search with 125
/// random one-letter words over C connections. Twice: limits off (the search bounds as before issue 10, no client
/// limits) and the defaults. Prints the readers' p50/p95/p99 per phase (median over the runs) and what the attacker got.
/// </summary>
public static class AttackBench
{
    private const int Readers = 20;
    /// <summary>A reader's pace: below the default 30 searches a minute, as a person is.</summary>
    private static readonly TimeSpan ReaderInterval = TimeSpan.FromSeconds(2.5);

    private static readonly string[] Topics = ["diffusion", "language model", "reinforcement learning", "video generation", "robot manipulation",
        "retrieval augmented", "reasoning", "benchmark", "speech recognition", "3d reconstruction"];
    private static readonly string[] Angles = ["efficient", "survey", "scaling", "alignment", "multimodal", "evaluation", "agents", "pretraining",
        "distillation", "safety", "long context", "tokenizer"];

    /// <summary>The "before" column: search bounds as loose as before the fix, and no per-client limits.</summary>
    private static readonly string[] LimitsOff =
    [
        "--DailyPapers:Search:Limit:Enabled=false", "--DailyPapers:Search:FeedLimit:Enabled=false",
        "--DailyPapers:Search:Bounds:MaxTerms=500", "--DailyPapers:Search:Bounds:MaxTokensPerTerm=64",
        "--DailyPapers:Search:Bounds:MaxClauses=2147483647", "--DailyPapers:Search:Bounds:MaxHighlightedHits=2147483647",
        "--DailyPapers:Search:Bounds:MaxHighlightChars=100000",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var web = KaggleGenerator.Arg(args, "--web") ?? "src/DailyPapers.Web/bin/Release/net10.0/linux-x64/DailyPapers.Web.dll";
        var seconds = double.Parse(KaggleGenerator.Arg(args, "--seconds") ?? "12", CultureInfo.InvariantCulture);
        var runs = int.Parse(KaggleGenerator.Arg(args, "--runs") ?? "3", CultureInfo.InvariantCulture);
        var attackers = int.Parse(KaggleGenerator.Arg(args, "--attackers") ?? "16", CultureInfo.InvariantCulture);
        var port = int.Parse(KaggleGenerator.Arg(args, "--port") ?? "5397", CultureInfo.InvariantCulture);
        if (!File.Exists(web)) { Console.Error.WriteLine($"attack: {web} not found; build it: dotnet build src/DailyPapers.Web -c Release"); return 2; }
        var data = Path.Combine(Path.GetTempPath(), $"dp-attackbench-{Environment.ProcessId}");
        Directory.CreateDirectory(data);
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {CpuName()}, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}; " +
            $"{Readers} readers every {ReaderInterval.TotalSeconds} s, attacker with {attackers} connections, {runs} runs of {seconds} s idle + {seconds} s attacked");
        try
        {
            foreach (var (mode, extra) in new[] { ("limits off", LimitsOff), ("defaults", Array.Empty<string>()) })
            {
                using var server = Start(web, data, port, extra);
                try
                {
                    var baseUrl = new Uri($"http://127.0.0.1:{port}");
                    await WaitReadyAsync(baseUrl, server);
                    var idle = new List<Stats>();
                    var attacked = new List<Stats>();
                    var attack = new List<(int Ok, int Refused, double Seconds)>();
                    for (var r = 0; r < runs; r++)
                    {
                        idle.Add(await ReadersAsync(baseUrl, seconds));
                        var stop = new CancellationTokenSource();
                        var hammer = AttackAsync(baseUrl, attackers, stop.Token);
                        attacked.Add(await ReadersAsync(baseUrl, seconds));
                        await stop.CancelAsync();
                        attack.Add(await hammer);
                    }
                    Print(mode, idle, attacked, attack);
                }
                finally { Stop(server); }
            }
            return 0;
        }
        finally
        {
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
    }

    private sealed record Stats(List<double> Ms, int Refused)
    {
        public double P(double q) => Percentile(Ms, q);
    }

    private static Process Start(string web, string data, int port, string[] extra)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { web, $"--urls=http://127.0.0.1:{port}", $"--DailyPapers:DataDir={data}", "--DailyPapers:Embeddings=off",
                     "--DailyPapers:DemoCorpus=data/demo", "--Logging:LogLevel:Default=Warning" }.Concat(extra))
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static void Stop(Process p)
    {
        if (!p.HasExited) p.Kill(); // the server this benchmark started, by its own handle
        p.WaitForExit(10_000);
    }

    /// <summary>Until the demo corpus is in and searchable (first start imports it), asked from an address of its own.</summary>
    private static async Task WaitReadyAsync(Uri baseUrl, Process server)
    {
        using var http = Client(IPAddress.Parse("127.0.0.3"), 1);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (server.HasExited) throw new InvalidOperationException($"attack: the server exited with {server.ExitCode}");
            try
            {
                var s = await http.GetStringAsync(new Uri(baseUrl, "/api/papers/search?q=diffusion&limit=1"));
                if (s.Contains("\"paper\"", StringComparison.Ordinal) && (await http.GetStringAsync(new Uri(baseUrl, "/papers"))).Contains("card", StringComparison.Ordinal))
                {
                    Console.WriteLine($"  server ready in {sw.Elapsed.TotalSeconds:F0} s");
                    await Task.Delay(2000);
                    return;
                }
            }
            catch (HttpRequestException) { }
            await Task.Delay(1000);
        }
        throw new TimeoutException("attack: the server did not become ready in 5 minutes");
    }

    /// <summary>Each reader searches from its own address every <see cref="ReaderInterval"/>, queries rarely repeating (cache misses).</summary>
    private static async Task<Stats> ReadersAsync(Uri baseUrl, double seconds)
    {
        var ms = new List<double>();
        var refused = 0;
        var until = Stopwatch.StartNew();
        var seed = Environment.TickCount;
        await Task.WhenAll(Enumerable.Range(0, Readers).Select(async i =>
        {
            using var http = Client(IPAddress.Parse($"127.0.1.{i + 1}"), 1);
            var rng = new Random(seed + i);
            await Task.Delay(TimeSpan.FromMilliseconds(rng.Next((int)ReaderInterval.TotalMilliseconds)));
            while (until.Elapsed.TotalSeconds < seconds)
            {
                var q = $"{Topics[rng.Next(Topics.Length)]} {Angles[rng.Next(Angles.Length)]}";
                var sw = Stopwatch.StartNew();
                using var r = await http.GetAsync(new Uri(baseUrl, "/api/papers/search?limit=20&q=" + Uri.EscapeDataString(q)));
                await r.Content.ReadAsByteArrayAsync();
                var elapsed = sw.Elapsed;
                lock (ms)
                {
                    if (r.StatusCode == HttpStatusCode.OK) ms.Add(elapsed.TotalMilliseconds);
                    else refused++;
                }
                if (ReaderInterval > elapsed) await Task.Delay(ReaderInterval - elapsed);
            }
        }));
        return new Stats(ms, refused);
    }

    /// <summary>One client (127.0.0.2) on <paramref name="connections"/> connections, each sending the next expensive search at once.</summary>
    private static async Task<(int Ok, int Refused, double Seconds)> AttackAsync(Uri baseUrl, int connections, CancellationToken stop)
    {
        using var http = Client(IPAddress.Parse("127.0.0.2"), connections);
        var (ok, refused) = (0, 0);
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(async c =>
        {
            var rng = new Random(c);
            while (!stop.IsCancellationRequested)
            {
                var q = string.Join(' ', Enumerable.Range(0, 125).Select(_ => (char)('b' + rng.Next(25))));
                try
                {
                    using var r = await http.GetAsync(new Uri(baseUrl, "/api/papers/search?limit=120&q=" + Uri.EscapeDataString(q)), stop);
                    await r.Content.ReadAsByteArrayAsync(stop);
                    if (r.StatusCode == HttpStatusCode.OK) Interlocked.Increment(ref ok); else Interlocked.Increment(ref refused);
                }
                catch (OperationCanceledException) { }
            }
        }));
        return (ok, refused, sw.Elapsed.TotalSeconds);
    }

    /// <summary>A client whose connections come from <paramref name="from"/> (any 127.x address works on Linux loopback).</summary>
    private static HttpClient Client(IPAddress from, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        ConnectCallback = async (ctx, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(from, 0));
                await socket.ConnectAsync(ctx.DnsEndPoint, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }) { Timeout = TimeSpan.FromMinutes(2) };

    private static void Print(string mode, List<Stats> idle, List<Stats> attacked, List<(int Ok, int Refused, double Seconds)> attack)
    {
        static string Row(List<Stats> s) =>
            $"{Median(s.Select(x => x.P(0.50))):F1} | {Median(s.Select(x => x.P(0.95))):F1} | {Median(s.Select(x => x.P(0.99))):F1} | " +
            $"{string.Join(" / ", s.Select(x => x.P(0.95).ToString("F0", CultureInfo.InvariantCulture)))} | {s.Sum(x => x.Ms.Count)} | {s.Sum(x => x.Refused)}";
        Console.WriteLine();
        Console.WriteLine($"### {mode}");
        Console.WriteLine("| readers | p50 ms | p95 ms | p99 ms | p95 per run | searches | refused |");
        Console.WriteLine("|---|---:|---:|---:|---|---:|---:|");
        Console.WriteLine($"| idle | {Row(idle)} |");
        Console.WriteLine($"| under attack | {Row(attacked)} |");
        var ratio = Median(attacked.Select(x => x.P(0.95))) / Median(idle.Select(x => x.P(0.95)));
        var served = attack.Sum(a => a.Ok) / attack.Sum(a => a.Seconds);
        var refusedRate = attack.Sum(a => a.Refused) / attack.Sum(a => a.Seconds);
        Console.WriteLine($"readers' p95 under attack / idle: {ratio:F2}×; attacker served {served:F1}/s, refused {refusedRate:F0}/s");
    }

    private static double Median(IEnumerable<double> xs) => Percentile(xs.ToList(), 0.5);

    private static double Percentile(List<double> xs, double q)
    {
        if (xs.Count == 0) return double.NaN;
        var sorted = xs.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    private static string CpuName() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "unknown CPU";
}
