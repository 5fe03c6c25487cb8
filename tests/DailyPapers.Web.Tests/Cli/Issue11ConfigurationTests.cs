using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using DailyPapers.Mail;
using DailyPapers.Storage;
using DailyPapers.TestSupport;
using DailyPapers.Web.Cli;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Web.Tests.Cli;

/// <summary>
/// Issue 11, point 2: configuration means the same for every verb as for the site. The bug: <c>dailypapers digest send
/// --DailyPapers:Smtp:Host=X</c> still sent through localhost:25. Each source is tested with the same setting (the SMTP
/// server) and the real mail it leads to: a switch in process, and appsettings.json in the content root,
/// appsettings.{Environment}.json and environment variables with the real binary, which reads them as the site does.
/// </summary>
public sealed class Issue11ConfigurationTests : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-issue11-").FullName;
    private readonly TestSmtpServer _smtp = new();

    private string Db => Path.Combine(_dir, "cli.db");
    private string Port => _smtp.Port.ToString(CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await _smtp.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    /// <summary>A migrated database with one account mail waiting in the outbox.</summary>
    private async Task QueueOneMailAsync()
    {
        Assert.Equal(0, await CliApp.RunAsync(["migrate", "--database", Db], TextWriter.Null, TextWriter.Null));
        await new DigestStore(Database.Sqlite(Db)).EnqueueMailAsync(
            new OutgoingMail("account", MailPriority.Account, "reader@example.org", "issue 11", "hello", null, "<issue11@papers.test>"));
        SqliteConnection.ClearAllPools();
    }

    [Theory]
    [InlineData("--DailyPapers:Smtp:Host=127.0.0.1", "--DailyPapers:Smtp:Port={port}")]
    [InlineData("--DailyPapers:Smtp:Host", "127.0.0.1", "--DailyPapers:Smtp:Port", "{port}")]
    public async Task Issue11_digest_send_uses_the_smtp_server_given_by_switches(params string[] switches)
    {
        await QueueOneMailAsync();
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = await CliApp.RunAsync(["digest", "send", "--database", Db, "--DailyPapers:Smtp:Security=None", .. switches.Select(s => s.Replace("{port}", Port))], o, e);
        Assert.True(code == 0, $"exit {code}: {e}");
        Assert.Equal("digest send: 1 sent, 0 to retry, 0 given up, 0 bounced, 0 dropped (reader left)", o.ToString().Trim());
        Assert.Equal("issue 11", Assert.Single(_smtp.To("reader@example.org")).Subject);
    }

    public enum Source { AppSettings, EnvironmentFile, EnvironmentVariable, Switch }

    /// <summary>
    /// Each row puts the working port in one source and a dead one in every source below it, so the mail arrives only
    /// when that source is read and wins: switch &gt; environment &gt; appsettings.{Environment}.json &gt; appsettings.json.
    /// </summary>
    [Theory]
    [InlineData(Source.AppSettings)]
    [InlineData(Source.EnvironmentFile)]
    [InlineData(Source.EnvironmentVariable)]
    [InlineData(Source.Switch)]
    public async Task Issue11_a_verb_reads_every_configuration_source_with_the_sites_precedence(Source winner)
    {
        await QueueOneMailAsync();
        var dead = DeadPort();
        string PortFor(Source s) => s == winner ? Port : dead;
        var root = Directory.CreateDirectory(Path.Combine(_dir, "content")).FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "appsettings.json"),
            $$"""{ "DailyPapers": { "Smtp": { "Host": "127.0.0.1", "Security": "None", "Port": {{PortFor(Source.AppSettings)}} } } }""");
        if (winner >= Source.EnvironmentFile)
            await File.WriteAllTextAsync(Path.Combine(root, "appsettings.Staging.json"), $$"""{ "DailyPapers": { "Smtp": { "Port": {{PortFor(Source.EnvironmentFile)}} } } }""");
        var env = new Dictionary<string, string> { ["DOTNET_CONTENTROOT"] = root, ["DOTNET_ENVIRONMENT"] = "Staging" };
        if (winner >= Source.EnvironmentVariable) env["DailyPapers__Smtp__Port"] = PortFor(Source.EnvironmentVariable);
        string[] switches = winner == Source.Switch ? ["--DailyPapers:Smtp:Port", Port] : [];

        var (code, stdout, stderr) = await RunBinaryAsync(["digest", "send", "--database", Db, .. switches], env);
        Assert.True(code == 0, $"exit {code}: {stdout}{stderr}");
        Assert.Contains("digest send: 1 sent", stdout);
        Assert.Single(_smtp.To("reader@example.org"));
    }

    [Fact]
    public async Task Issue11_environment_variables_alone_configure_a_verb()
    {
        await QueueOneMailAsync();
        var (code, stdout, stderr) = await RunBinaryAsync(["digest", "send", "--database", Db], new()
        {
            ["DailyPapers__Smtp__Host"] = "127.0.0.1", ["DailyPapers__Smtp__Port"] = Port, ["DailyPapers__Smtp__Security"] = "None",
        });
        Assert.True(code == 0, $"exit {code}: {stdout}{stderr}");
        Assert.Single(_smtp.To("reader@example.org"));
    }

    [Fact]
    public async Task Issue11_a_bad_setting_stops_a_verb_with_one_line_naming_the_key_and_the_allowed_values()
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(1, await CliApp.RunAsync(["stats", "--database", Db, "--DailyPapers:Smtp:Security=Sometimes"], o, e));
        Assert.Equal("", o.ToString());
        Assert.Equal("dailypapers: cannot start: DailyPapers:Smtp:Security: \"Sometimes\" must be one of None, StartTlsWhenAvailable, StartTls, SslOnConnect",
            Assert.Single(e.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));

        e = new StringWriter();
        Assert.Equal(1, await CliApp.RunAsync(["stats", "--database", Db, "--DailyPapers:Votes:PerWindow=0"], o, e));
        Assert.Equal("dailypapers: cannot start: DailyPapers:Votes:PerWindow: 0 must be a whole number of at least 1", e.ToString().Trim());
        Assert.False(File.Exists(Db)); // stopped before the database was touched
    }

    [Theory]
    [InlineData("--DailyPapers:Votes:PerWindow=0", "DailyPapers:Votes:PerWindow: 0 must be a whole number of at least 1")]
    [InlineData("--DailyPapers:Comments:MaxLength=999999", "DailyPapers:Comments:MaxLength: 999999 must be a whole number from 1 to 20000")]
    [InlineData("--DailyPapers:Embeddings=some", "DailyPapers:Embeddings: \"some\" must be all, static or off")]
    [InlineData("--DailyPapers:Accounts:SessionDays=two", "DailyPapers:Accounts:SessionDays: \"two\" must be a whole number")]
    public async Task Issue11_a_bad_setting_stops_the_site_with_one_line_naming_the_key_and_the_allowed_values(string setting, string message)
    {
        var (code, stdout, stderr) = await RunBinaryAsync([setting, "--DailyPapers:DataDir=" + _dir, "--urls", "http://127.0.0.1:0"], new());
        Assert.Equal(1, code);
        Assert.Equal("dailypapers: cannot start: " + message, Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.DoesNotContain("   at ", stdout + stderr);
    }

    /// <summary>A loopback port nothing listens on (connection refused).</summary>
    private static string DeadPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The real binary (as an operator runs it, Production unless told), in the test's folder, to its end.</summary>
    private async Task<(int Code, string Out, string Err)> RunBinaryAsync(IEnumerable<string> args, Dictionary<string, string> env)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DailyPapers.Web.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("DailyPapers", StringComparison.OrdinalIgnoreCase)
                     || k is "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT" or "ASPNETCORE_CONTENTROOT" or "DOTNET_CONTENTROOT").ToList())
            psi.Environment.Remove(key);
        psi.Environment["DailyPapers__DemoCorpus"] = "none";
        psi.Environment["DailyPapers__Embeddings"] = "off";
        foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await p.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("the binary did not stop by itself: " + await stdout + await stderr);
        }
        return (p.ExitCode, await stdout, await stderr);
    }
}
