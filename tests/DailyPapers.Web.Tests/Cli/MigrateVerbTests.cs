using System.Diagnostics;
using System.Security.Cryptography;
using DailyPapers.Storage;
using DailyPapers.Web.Cli;
using Dapper;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Web.Tests.Cli;

/// <summary>Issue 15.8: <c>migrate --dry-run</c>, and an older build against a newer database (site and verbs).</summary>
public sealed class MigrateVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-migrate-verb-").FullName;
    private string Db => Path.Combine(_dir, "dailypapers.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = await CliApp.RunAsync(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public async Task Dry_run_on_a_new_database_lists_every_migration_and_creates_nothing()
    {
        var (code, output, _) = await RunAsync("migrate", "--dry-run", "--database", Db);
        Assert.Equal(0, code);
        var lines = output.Trim().Split('\n');
        Assert.Equal(Migrator.Load(Dialect.Sqlite).Select(m => $"would apply {m.Version:D4}_{m.Name}"), lines[..^1]);
        Assert.Equal($"migrate: {Migrator.Load(Dialect.Sqlite).Count} pending migrations; nothing was changed (--dry-run)", lines[^1]);
        Assert.False(File.Exists(Db));
    }

    [Fact]
    public async Task Migrate_applies_and_then_dry_run_has_nothing_to_do()
    {
        var (code, output, _) = await RunAsync("migrate", "--database", Db);
        Assert.Equal(0, code);
        Assert.Contains("migrate: applying 0001_papers (sqlite)", output);
        Assert.EndsWith($"is at schema version {Migrator.KnownVersion(Dialect.Sqlite)}", output.Trim());

        (code, output, _) = await RunAsync("migrate", "--dry-run", "--database", Db);
        Assert.Equal(0, code);
        Assert.Equal($"migrate: sqlite:{Db} is at schema version {Migrator.KnownVersion(Dialect.Sqlite)}: nothing to do", output.Trim());
    }

    [Fact]
    public async Task Migrate_rejects_an_unexpected_argument()
    {
        var (code, _, err) = await RunAsync("migrate", "now", "--database", Db);
        Assert.Equal(2, code);
        Assert.Contains("unexpected argument \"now\"", err);
        Assert.Contains("usage: dailypapers migrate [--dry-run]", err);
        Assert.False(File.Exists(Db));
    }

    private async Task<byte[]> NewerDatabaseAsync()
    {
        Assert.Equal(0, (await RunAsync("migrate", "--database", Db)).Code);
        await using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            await c.OpenAsync();
            await c.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'from_the_future', '2030-01-01T00:00:00.000Z')");
        }
        SqliteConnection.ClearAllPools();
        return SHA256.HashData(await File.ReadAllBytesAsync(Db));
    }

    private static string CannotStart => "dailypapers: cannot start: the database schema is at version 9999 (from_the_future), " +
        $"newer than this build knows ({Migrator.KnownVersion(Dialect.Sqlite)}); run a newer DailyPapers or restore a backup";

    [Theory]
    [InlineData("stats")]
    [InlineData("migrate")]
    [InlineData("migrate", "--dry-run")]
    [InlineData("backup", "--to", "BACKUP")]
    [InlineData("reindex")]
    public async Task An_older_build_refuses_every_verb_with_one_line_and_leaves_the_database_alone(params string[] verb)
    {
        var before = await NewerDatabaseAsync();
        var args = verb.Select(a => a == "BACKUP" ? Path.Combine(_dir, "dp.backup") : a).Concat(["--database", Db, "--data", _dir]).ToArray();
        var (code, output, err) = await RunAsync(args);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Equal(CannotStart, err.Trim());
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(Db)));
        Assert.False(File.Exists(Path.Combine(_dir, "dp.backup")));
    }

    [Fact]
    public async Task An_older_build_refuses_to_serve_with_one_line_and_exit_1()
    {
        var before = await NewerDatabaseAsync();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "DailyPapers.Web.dll"), "--DailyPapers:DataDir=" + _dir, "--urls", "http://127.0.0.1:0" })
            psi.ArgumentList.Add(a);
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["DailyPapers__DemoCorpus"] = "none";
        psi.Environment["DailyPapers__Embeddings"] = "off";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try { await p.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("the site did not stop by itself: " + await stdout);
        }
        Assert.Equal(1, p.ExitCode);
        Assert.Equal(CannotStart, Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        Assert.DoesNotContain("   at ", await stdout);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(Db)));
    }
}
