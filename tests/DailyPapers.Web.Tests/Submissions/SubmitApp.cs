using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using DailyPapers.Accounts;
using DailyPapers.Community;
using DailyPapers.Ingest;
using DailyPapers.Storage;
using DailyPapers.Web.Tests.Accounts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Submissions;

/// <summary>A clock the test sets: submissions run on it (weekday, paper age, today's quota).</summary>
public sealed class SettableClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// A local stand-in for the arXiv Atom API: answers <c>?id_list=ID</c> with the recorded one-entry response with
/// the id (and publication date) rewritten, the recorded empty feed for 2401.99999 and the recorded error entry
/// for 2401.99998, and HTTP 500 for ids in <see cref="Failing"/>. Logs every id asked for. Issue 10 cases: ids in
/// <see cref="Hanging"/> never get an answer, ids in <see cref="Gated"/> get theirs once the test completes the gate,
/// ids in <see cref="Huge"/> get an endless chunked feed (<see cref="HugeBytesSent"/> counts what the client took).
/// Each request is answered on its own task, so one that hangs holds up no other.
/// </summary>
public sealed class ArxivStub : IDisposable
{
    public const string UnknownId = "2401.99999";
    public const string ErrorId = "2401.99998";
    private readonly HttpListener _listener = new();
    private readonly Func<DateTimeOffset> _now;
    public ConcurrentQueue<string> Asked { get; } = new();
    public ConcurrentDictionary<string, DateTimeOffset> Published { get; } = new();
    public ConcurrentDictionary<string, bool> Failing { get; } = new();
    public ConcurrentDictionary<string, bool> Hanging { get; } = new();
    public ConcurrentDictionary<string, TaskCompletionSource> Gated { get; } = new();
    public ConcurrentDictionary<string, bool> Huge { get; } = new();
    /// <summary>What a huge answer would be in all: far past any cap, so reading it whole shows.</summary>
    public const long HugeTotalBytes = 64L << 20;
    private long _hugeBytesSent;
    public long HugeBytesSent => Interlocked.Read(ref _hugeBytesSent);
    /// <summary>Done when a huge answer's writing stopped (all sent, or the client hung up).</summary>
    public TaskCompletionSource HugeDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    public string ApiUrl { get; }

    public ArxivStub(Func<DateTimeOffset> now)
    {
        _now = now;
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        ApiUrl = $"http://127.0.0.1:{port}/api/query";
        _ = Task.Run(LoopAsync);
    }

    private static string Fixture(string name) => File.ReadAllText(DailyPapersFactory.FixturePath(Path.Combine("atom", name)));

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var id = ctx.Request.QueryString["id_list"] ?? "";
            Asked.Enqueue(id);
            _ = Task.Run(() => AnswerAsync(ctx, id));
        }
    }

    private async Task AnswerAsync(HttpListenerContext ctx, string id)
    {
        if (Hanging.ContainsKey(id))
        {
            try { await Task.Delay(Timeout.Infinite, _stop.Token); } catch (OperationCanceledException) { }
            return;
        }
        if (Gated.TryGetValue(id, out var gate)) await gate.Task;
        if (Huge.ContainsKey(id))
        {
            await SendHugeAsync(ctx);
            return;
        }
        var (status, body) = id switch
        {
            _ when Failing.ContainsKey(id) => (500, "internal error"),
            UnknownId => (200, Fixture("arxiv-api.id_list-empty.xml")),
            ErrorId => (200, Fixture("arxiv-api.id_list-error.xml")),
            _ => (200, Fixture("arxiv-api.id_list-1501.05039.xml").Replace("1501.05039", id)
                .Replace("2015-01-21T02:41:55Z", (Published.TryGetValue(id, out var p) ? p : _now().AddDays(-2)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))),
        };
        var bytes = Encoding.UTF8.GetBytes(body);
        try
        {
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = "application/atom+xml; charset=utf-8";
            await ctx.Response.OutputStream.WriteAsync(bytes);
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException) { }
    }

    private async Task SendHugeAsync(HttpListenerContext ctx)
    {
        var chunk = Encoding.UTF8.GetBytes(new string(' ', 64 * 1024));
        try
        {
            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "application/atom+xml; charset=utf-8";
            ctx.Response.SendChunked = true; // no Content-Length: the client must count as it reads
            var head = Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">");
            await ctx.Response.OutputStream.WriteAsync(head);
            while (HugeBytesSent < HugeTotalBytes)
            {
                await ctx.Response.OutputStream.WriteAsync(chunk);
                Interlocked.Add(ref _hugeBytesSent, chunk.Length);
            }
            ctx.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException) { }
        finally { HugeDone.TrySetResult(); }
    }

    public int TimesAsked(string id) => Asked.Count(a => a == id);

    public void Dispose() { _stop.Cancel(); _listener.Stop(); _listener.Close(); }
}

/// <summary>
/// The app with submissions on a settable clock (a Wednesday unless a test moves it), the arXiv API pointed at
/// <see cref="ArxivStub"/>, a small per-account submit limit, and the HF fixtures imported (optional).
/// </summary>
public class SubmitApp : IAsyncLifetime
{
    public static readonly DateTimeOffset Wednesday = new(2026, 9, 2, 10, 0, 0, TimeSpan.Zero);
    public const int RatePerWindow = 8;
    public SettableClock Clock { get; } = new(Wednesday);
    public ArxivStub Arxiv { get; }
    public DailyPapersFactory Root { get; } = new();
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;
    public Dictionary<string, string> Settings { get; } = new();
    protected virtual bool Seed => true;
    public bool RealPort { get; init; }
    public string BaseUrl { get; private set; } = "";

    public SubmitApp()
    {
        Arxiv = new ArxivStub(() => Clock.Now);
        Settings["DailyPapers:ArxivApiUrl"] = Arxiv.ApiUrl;
        Settings["DailyPapers:HarvestDelaySeconds"] = "0";
        Settings["DailyPapers:Submissions:ArxivAttempts"] = "1";
        Settings["DailyPapers:Submissions:RatePerWindow"] = RatePerWindow.ToString(CultureInfo.InvariantCulture);
        Settings["DailyPapers:Submissions:RateWindowSeconds"] = "3600"; // never refills during a run
        Settings["DailyPapers:Accounts:AuthPostsPerWindow"] = "10000";
    }

    public async Task InitializeAsync()
    {
        Factory = Root.WithWebHostBuilder(b =>
        {
            foreach (var (k, v) in Settings) b.UseSetting(k, v);
            b.ConfigureTestServices(s => s.AddSingleton(sp => new SubmissionStore(sp.GetRequiredService<Database>(), Clock)));
        });
        if (RealPort)
        {
            Factory.UseKestrel(0);
            Factory.StartServer();
            BaseUrl = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        }
        else _ = Factory.Server;
        if (!Seed) return;
        var importer = new Importer(Service<PaperStore>(), e => throw new InvalidOperationException(e));
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.json").Order())
            await importer.ImportItemsAsync(HfDailyPapersParser.ParseArray(await File.ReadAllBytesAsync(file), HfDailyPapersParser.DateFromFileName(file)), file);
    }

    public Task DisposeAsync()
    {
        Factory.Dispose();
        Root.Dispose();
        Arxiv.Dispose();
        return Task.CompletedTask;
    }

    public T Service<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    public HttpClient Client() => Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    /// <summary>A new account (confirmed unless told) with an API token.</summary>
    public async Task<(long Id, string Handle, string Token)> UserAsync(Role role = Role.User, bool confirmed = true)
    {
        var accounts = Service<AccountStore>();
        var handle = AccountsApp.NewHandle();
        var created = await accounts.CreateAsync(handle, handle + "@example.org", Passwords.Hash(AccountsApp.Password), role, confirmed);
        Assert.Equal(CreateAccountOutcome.Created, created.Outcome);
        var (token, _) = await accounts.CreateApiTokenAsync(created.Id, "submit test");
        return (created.Id, handle, token);
    }

    public HttpClient Api(string? token)
    {
        var client = Client();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>A browser-like client signed in as a new confirmed account.</summary>
    public async Task<(HttpClient Client, long Id, string Handle)> SignedInAsync(Role role = Role.User)
    {
        var (id, handle, _) = await UserAsync(role);
        var client = Client();
        var signin = await AccountsApp.SignInAsync(client, handle + "@example.org", AccountsApp.Password);
        Assert.Equal(HttpStatusCode.Redirect, signin.StatusCode);
        return (client, id, handle);
    }

    /// <summary>A fresh new-style id no other test uses.</summary>
    public static string NewId() => $"2609.{Interlocked.Increment(ref _next):D5}";
    private static int _next = Random.Shared.Next(100, 50_000);
}
