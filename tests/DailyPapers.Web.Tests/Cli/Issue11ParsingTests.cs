using DailyPapers.Mail;
using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Web.Cli;
using DailyPapers.Web.Votes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DailyPapers.Web.Tests.Cli;

/// <summary>
/// Issue 11, point 2: verbs are parsed from their definitions (System.CommandLine): unknown options and missing values
/// are usage errors (exit 2) instead of being ignored, every verb has a generated --help, and verbs run on the site's
/// service registration without its background jobs.
/// </summary>
public sealed class Issue11ParsingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-issue11-parse-").FullName;
    private string Db => Path.Combine(_dir, "cli.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        var code = await CliApp.RunAsync([.. args, "--database", Db], o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("digest send --force", "digest: unknown option \"--force\"")]
    [InlineData("digest send --quiet", "digest: unknown option \"--quiet\"")]
    [InlineData("import --bogus", "import: unknown option \"--bogus\"")]
    [InlineData("stats --verbose", "stats: unknown option \"--verbose\"")]
    [InlineData("migrate extra", "migrate: unexpected argument \"extra\"")]
    [InlineData("recalc-trending --batch", "recalc-trending: --batch needs a value")]
    [InlineData("users list --role", "users: --role needs a value")]
    [InlineData("harvest hf --date 2025-06-16 --limit ten", "harvest: --limit: \"ten\" must be a whole number from 1 to 100")]
    [InlineData("publish now", "dailypapers: unknown verb \"publish\"")]
    public async Task Issue11_unknown_options_verbs_and_missing_values_exit_2_with_one_line_and_the_usage(string args, string message)
    {
        var (code, output, err) = await RunAsync(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(message, lines[0]);
        Assert.StartsWith("usage: dailypapers ", lines[1]);
        Assert.False(File.Exists(Db)); // nothing was opened
    }

    [Fact]
    public async Task Issue11_a_configuration_switch_without_a_value_is_a_usage_error()
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        Assert.Equal(2, await CliApp.RunAsync(["digest", "send", "--database", Db, "--DailyPapers:Smtp:Host"], o, e));
        Assert.StartsWith("dailypapers: --DailyPapers:Smtp:Host needs a value", e.ToString());
    }

    [Theory]
    [InlineData("digest", "--period", "--dry-run", "--to", "<step>")]
    [InlineData("harvest", "--from", "--until", "--date", "--set", "--prefix", "--stop-after", "--limit", "--url", "--delay")]
    [InlineData("users", "--email", "--handle", "--password-stdin", "--role", "--search")]
    [InlineData("import", "--strict", "--batch", "<FILE>")]
    public async Task Issue11_verb_help_lists_the_verbs_options_and_exits_0(string verb, params string[] expected)
    {
        foreach (var ask in new[] { "--help", "-h" })
        {
            var (code, output, err) = await RunAsync(verb, ask);
            Assert.Equal(0, code);
            Assert.Equal("", err);
            Assert.Contains($"dailypapers {verb}", output);
            foreach (var e in expected.Append("--data").Append("--database")) Assert.Contains(e, output);
        }
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task Issue11_dailypapers_help_lists_every_verb()
    {
        foreach (var ask in new[] { "--help", "help" })
        {
            var (o, e) = (new StringWriter(), new StringWriter());
            Assert.Equal(0, await CliApp.RunAsync([ask], o, e));
            foreach (var verb in CliApp.Verbs.Select(v => v().Define().Name)) Assert.Contains($"  {verb} ", o.ToString());
            Assert.Contains("--DailyPapers:Smtp:Host", o.ToString()); // how configuration reaches a verb
        }
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "serve" }, false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:0" }, false)]
    [InlineData(new[] { "--DailyPapers:DataDir=x" }, false)]
    [InlineData(new[] { "serve", "--help" }, true)]
    [InlineData(new[] { "--help" }, true)]
    [InlineData(new[] { "stats" }, true)]
    [InlineData(new[] { "no-such-verb" }, true)]
    public void Issue11_the_site_runs_without_a_verb_or_with_serve(string[] args, bool isCommand) =>
        Assert.Equal(isCommand, CliApp.IsCommand(args));

    [Theory]
    [InlineData("--DailyPapers:Smtp:Host=x|stats", "--DailyPapers:Smtp:Host=x", "stats")]
    [InlineData("stats|--DailyPapers:Smtp:Host|x|--data|d", "--DailyPapers:Smtp:Host=x", "stats|--data|d")]
    [InlineData("search|--|--A:B", "", "search|--|--A:B")]
    [InlineData("search|-x:y|--url|http://h:1", "", "search|-x:y|--url|http://h:1")]
    public void Issue11_configuration_switches_are_taken_out_before_parsing(string args, string configuration, string rest)
    {
        var split = ConfigSwitches.Split(args.Split('|'));
        Assert.Null(split.Problem);
        Assert.Equal(configuration, string.Join('|', split.Configuration));
        Assert.Equal(rest, string.Join('|', split.Rest));
    }

    [Fact]
    public void Issue11_a_verb_gets_the_sites_services_but_none_of_its_background_jobs()
    {
        using var host = VerbHost.Build(["--database=" + Db, "--DailyPapers:Votes:PerWindow=7"], TextWriter.Null);
        Assert.Empty(host.Services.GetServices<IHostedService>());
        Assert.Equal(7, host.Services.GetRequiredService<VoteSettings>().PerWindow);
        Assert.Equal(Path.GetFullPath(Db), Path.GetFullPath(host.Services.GetRequiredService<Database>().FilePath!));
    }

    [Fact]
    public async Task Issue11_the_site_registers_each_core_service_once()
    {
        await using var app = new DailyPapersFactory();
        var services = app.Services;
        Assert.Single(services.GetServices<MailSender>());
        Assert.Single(services.GetServices<MailOutbox>());
        Assert.Single(services.GetServices<DigestStore>());
        Assert.Single(services.GetServices<PaperStore>());
        Assert.Single(services.GetServices<SearchService>());
        Assert.Single(services.GetServices<SiteUrl>());
        Assert.Single(services.GetServices<VoteSettings>());
    }
}
