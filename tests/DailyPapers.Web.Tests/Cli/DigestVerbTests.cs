using DailyPapers.Web.Cli;
using Microsoft.Data.Sqlite;
using Xunit;

namespace DailyPapers.Web.Tests.Cli;

/// <summary><c>dailypapers digest</c> usage errors and a dry run, through the CLI entry point.</summary>
public sealed class DigestVerbTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "dailypapers-cli-tests", Guid.NewGuid().ToString("N"));
    private string Db => Path.Combine(_dir, "cli.db");

    public DigestVerbTests() => Directory.CreateDirectory(_dir);

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
    [InlineData("digest", "name a step")]
    [InlineData("digest publish", "unknown step \"publish\"")]
    [InlineData("digest build --period daily:2025-06-15", "is a Sunday")]
    [InlineData("digest send --period weekly:2025-W60", "must be daily:YYYY-MM-DD")]
    [InlineData("digest send --to not-an-address", "--to: \"not-an-address\" is not an email address")]
    public async Task Bad_usage_exits_2_with_a_clear_message(string args, string message)
    {
        var (code, _, err) = await RunAsync(args.Split(' '));
        Assert.Equal(2, code);
        Assert.Contains(message, err);
    }

    [Fact]
    public async Task A_dry_run_of_an_empty_period_writes_nothing()
    {
        var (code, output, err) = await RunAsync("digest", "build", "--period", "daily:2025-06-16", "--dry-run");
        Assert.Equal(0, code);
        Assert.Contains("no papers featured", output + err);
        (code, output, _) = await RunAsync("digest", "send", "--dry-run");
        Assert.Equal(0, code);
    }
}
