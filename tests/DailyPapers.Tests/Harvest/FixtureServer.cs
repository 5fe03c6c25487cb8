using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DailyPapers.Tests.Harvest;

/// <summary>A canned answer of <see cref="FixtureServer"/>.</summary>
public sealed record Reply(int Status, byte[] Body, string ContentType = "text/xml; charset=utf-8")
{
    public Dictionary<string, string> Headers { get; init; } = [];

    public Reply WithHeader(string name, string value) => this with { Headers = new(Headers) { [name] = value } };

    public static Reply File(string fixture, string contentType = "text/xml; charset=utf-8") =>
        new(200, System.IO.File.ReadAllBytes(Fixtures.Path(fixture)), contentType);
    public static Reply Text(int status, string body, string contentType = "text/plain; charset=utf-8") =>
        new(status, Encoding.UTF8.GetBytes(body), contentType);
}

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port, answering each request with what <c>handler</c> returns for
/// it and logging every request (path and query, time on the test's clock) so tests can assert what was fetched.
/// </summary>
public sealed class FixtureServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, Reply> _handler;
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<(string Url, DateTimeOffset At)> _log = new();
    private readonly Task _loop;

    public Uri BaseUrl { get; }
    public IReadOnlyList<string> Requests => _log.Select(r => r.Url).ToList();
    public IReadOnlyList<DateTimeOffset> RequestTimes => _log.Select(r => r.At).ToList();

    public FixtureServer(Func<HttpListenerRequest, Reply> handler, TimeProvider? clock = null)
    {
        _handler = handler;
        _clock = clock ?? TimeProvider.System;
        var port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(BaseUrl.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>
    /// A port reserved by a bound socket that never listens, so connections to it are refused, and no parallel test
    /// can take it while the socket lives (a merely "free" port can be handed to another test's server).
    /// </summary>
    public static (Socket Reservation, int Port) ClosedPort()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return (s, ((IPEndPoint)s.LocalEndPoint!).Port);
    }

    /// <summary>A free port to listen on.</summary>
    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            _log.Enqueue((ctx.Request.Url!.PathAndQuery, _clock.GetUtcNow()));
            // Each request on its own task, so one slow answer does not hold up the next request.
            _ = Task.Run(() => AnswerAsync(ctx));
        }
    }

    private async Task AnswerAsync(HttpListenerContext ctx)
    {
        Reply reply;
        try { reply = _handler(ctx.Request); }
        catch (Exception e) { reply = Reply.Text(599, $"test handler failed: {e}"); }
        try
        {
            ctx.Response.StatusCode = reply.Status;
            ctx.Response.ContentType = reply.ContentType;
            foreach (var (k, v) in reply.Headers) ctx.Response.Headers[k] = v;
            ctx.Response.ContentLength64 = reply.Body.Length;
            await ctx.Response.OutputStream.WriteAsync(reply.Body);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException) { }
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}

/// <summary>
/// A clock whose waits end at once and move the time forward by the wait, recording each one: tests check that
/// the code waited as long as it should without waiting for real.
/// </summary>
public sealed class JumpingClock(DateTimeOffset start) : TimeProvider
{
    private readonly object _gate = new();
    private DateTimeOffset _now = start;
    private readonly List<TimeSpan> _waits = [];

    public JumpingClock() : this(new DateTimeOffset(2025, 6, 16, 12, 0, 0, TimeSpan.Zero)) { }

    public IReadOnlyList<TimeSpan> Waits { get { lock (_gate) return _waits.ToList(); } }

    public override DateTimeOffset GetUtcNow() { lock (_gate) return _now; }
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void Advance(TimeSpan by) { lock (_gate) _now += by; }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan) return new Inert();
        lock (_gate)
        {
            _waits.Add(dueTime);
            _now += dueTime;
        }
        // Fire on another thread: Task.Delay must finish building its timer before the callback completes it.
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new Inert();
    }

    private sealed class Inert : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}

public static class Fixtures
{
    public static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);
    public static Stream Open(string relative) => System.IO.File.OpenRead(Path(relative));
}

/// <summary>A migrated SQLite database in a temp folder of its own, deleted afterwards.</summary>
public sealed class TempDatabase : IAsyncDisposable
{
    private readonly string _dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "dp-harvest-" + Guid.NewGuid().ToString("N"));
    public DailyPapers.Storage.Database Db { get; }
    public string FilePath => System.IO.Path.Combine(_dir, "test.db");

    private TempDatabase() => Db = DailyPapers.Storage.Database.Sqlite(FilePath);

    public static async Task<TempDatabase> CreateAsync()
    {
        var t = new TempDatabase();
        await DailyPapers.Storage.Migrator.MigrateAsync(t.Db);
        return t;
    }

    public ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
