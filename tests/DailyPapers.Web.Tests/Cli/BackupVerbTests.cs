using DailyPapers.Search;
using DailyPapers.Storage;
using DailyPapers.Web.Cli;
using DailyPapers.Web.Jobs;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace DailyPapers.Web.Tests.Cli;

/// <summary>Issue 15.6: the backup and restore verbs, as an operator runs them.</summary>
public sealed class BackupVerbTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-backup-verb-").FullName;
    private string PathIn(params string[] parts) => Path.Combine([_dir, .. parts]);

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

    private async Task<string> ImportedDatabaseAsync()
    {
        var db = PathIn("live", "dailypapers.db");
        Assert.Equal(0, (await RunAsync("import", DailyPapersFactory.FixturePath("2024-05-27.json"), "--database", db)).Code);
        return db;
    }

    [Fact]
    public async Task Backup_then_restore_into_an_empty_DataDir_gives_the_same_database()
    {
        var db = await ImportedDatabaseAsync();
        var file = PathIn("backups", "dp.backup");

        var (code, output, err) = await RunAsync("backup", "--to", file, "--database", db);
        Assert.Equal(0, code);
        Assert.Contains("\"schemaVersion\": " + Migrator.KnownVersion(Dialect.Sqlite), output);
        Assert.Matches(@"""papers"": \{\s*""rows"": 13,", output);
        Assert.Matches($"backup: wrote {file} \\([0-9,]+ bytes, schema version \\d+, [0-9,]+ rows in \\d+ tables\\); sha256 [0-9a-f]{{64}}", output);
        Assert.Matches(@"backup: ([0-9,]+) of \1 pages copied \(100%\)", err);

        // A fresh DataDir: restore runs before any migration would create a database there.
        var restored = PathIn("restored");
        (code, output, err) = await RunAsync("restore", "--from", file, "--data", restored);
        Assert.True(code == 0, err);
        Assert.Contains("integrity, row counts and checksums of", output);
        Assert.Contains("the search index is rebuilt from the database when the site starts", output);
        Assert.Contains("restore: copied", err);
        Assert.Equal(["dailypapers.db"], Directory.GetFileSystemEntries(restored).Select(Path.GetFileName));
        Assert.Equal((await RunAsync("stats", "--database", db)).Out.Replace(db, "X"),
            (await RunAsync("stats", "--data", restored)).Out.Replace(Path.Combine(restored, "dailypapers.db"), "X"));
    }

    [Fact]
    public async Task Backup_refuses_an_existing_file_and_needs_a_target()
    {
        var db = await ImportedDatabaseAsync();
        var file = PathIn("dp.backup");
        await File.WriteAllTextAsync(file, "keep me");

        var (code, _, err) = await RunAsync("backup", "--to", file, "--database", db);
        Assert.Equal(1, code);
        Assert.Equal($"backup: {file} already exists; pass --force to replace it", err.Trim());
        Assert.Equal("keep me", await File.ReadAllTextAsync(file));
        Assert.Equal(0, (await RunAsync("backup", "--to", file, "--force", "--database", db)).Code);

        (code, _, err) = await RunAsync("backup", "--database", db);
        Assert.Equal(2, code);
        Assert.Contains("--to FILE is required", err);
        Assert.Contains("usage: dailypapers backup --to FILE", err);
    }

    [Fact]
    public async Task Backup_of_a_missing_database_fails_without_creating_one()
    {
        var (code, _, err) = await RunAsync("backup", "--to", PathIn("dp.backup"), "--data", PathIn("empty"));
        Assert.Equal(1, code);
        Assert.Contains("there is no database at", err);
        Assert.False(File.Exists(PathIn("empty", "dailypapers.db")));
    }

    [Fact]
    public async Task Restore_refuses_a_DataDir_with_a_database_and_a_tampered_file()
    {
        var db = await ImportedDatabaseAsync();
        var file = PathIn("dp.backup");
        Assert.Equal(0, (await RunAsync("backup", "--to", file, "--database", db)).Code);

        var (code, _, err) = await RunAsync("restore", "--from", file, "--database", db);
        Assert.Equal(1, code);
        Assert.StartsWith($"restore: {db} already exists; restore only writes into an empty DataDir", err);

        var bytes = await File.ReadAllBytesAsync(file);
        // One arXiv id changed by hand, wherever it is stored (a stale copy in a free page alone would change no data).
        for (var at = 0; (at = bytes.AsSpan(at).IndexOf("2405.15738"u8) is var i and >= 0 ? at + i : -1) >= 0; at++)
            bytes[at + 3] ^= 0x02;
        await File.WriteAllBytesAsync(file, bytes);
        (code, _, err) = await RunAsync("restore", "--from", file, "--data", PathIn("restored"));
        Assert.Equal(1, code);
        // The id is stored in the table and in its unique index: the checksum or integrity_check finds it, whichever copy changed.
        Assert.Matches("does not match its manifest|integrity_check says", err);
        Assert.False(File.Exists(PathIn("restored", "dailypapers.db")));

        (code, _, err) = await RunAsync("restore", "--data", PathIn("restored"));
        Assert.Equal(2, code);
        Assert.Contains("--from FILE is required", err);
    }

    [Fact]
    public async Task On_PostgreSQL_both_verbs_print_the_commands_and_exit_2()
    {
        // No server is contacted: the verbs only explain.
        const string location = "postgres:Host=db.internal;Username=dp;Password=never-shown;Database=dailypapers";
        var (code, output, err) = await RunAsync("backup", "--to", "/srv/dp.dump", "--database", location);
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("pg_dump --format=custom --host=db.internal --port=5432 --username=dp --dbname=dailypapers --file=/srv/dp.dump", err);

        (code, _, var restoreErr) = await RunAsync("restore", "--from", "/srv/dp.dump", "--database", location);
        Assert.Equal(2, code);
        Assert.Contains("pg_restore --exit-on-error --no-owner --host=db.internal --port=5432 --username=dp --dbname=dailypapers /srv/dp.dump", restoreErr);
        Assert.DoesNotContain("never-shown", err + restoreErr);
    }

    [Fact]
    public async Task A_restored_site_rebuilds_its_search_index_and_does_not_import_the_demo_corpus_again()
    {
        var demo = Directory.CreateDirectory(PathIn("demo")).FullName;
        File.Copy(DailyPapersFactory.FixturePath("hf-daily-papers-2024-09-23_2024-09-25.jsonl"), Path.Combine(demo, "papers.jsonl"));
        using var root = new DailyPapersFactory();
        string imported;
        long papers;
        // The first site: a first-start demo import into an empty database, then stopped.
        using (var first = root.WithWebHostBuilder(b => b.UseSetting("DailyPapers:DataDir", PathIn("first")).UseSetting("DailyPapers:DemoCorpus", demo)))
        {
            await first.Services.GetRequiredService<DemoCorpusStatus>().Settled.WaitAsync(TimeSpan.FromSeconds(60));
            await using var c = await first.Services.GetRequiredService<Database>().OpenAsync();
            imported = await c.ExecuteScalarAsync<string>("SELECT value FROM app_state WHERE key = @k", new { k = DemoCorpusService.DoneKey }) ?? "";
            papers = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM papers");
        }
        Assert.True(papers > 0);
        SqliteConnection.ClearAllPools();
        Assert.Equal(0, (await RunAsync("backup", "--to", PathIn("dp.backup"), "--data", PathIn("first"))).Code);
        Assert.Equal(0, (await RunAsync("restore", "--from", PathIn("dp.backup"), "--data", PathIn("second"))).Code);

        using var second = root.WithWebHostBuilder(b => b.UseSetting("DailyPapers:DataDir", PathIn("second")).UseSetting("DailyPapers:DemoCorpus", demo));
        await second.Services.GetRequiredService<DemoCorpusStatus>().Settled.WaitAsync(TimeSpan.FromSeconds(60));
        var search = second.Services.GetRequiredService<SearchService>();
        await search.EnsureBuiltAsync();
        Assert.Equal(papers, search.Lexical.Count);
        Assert.True(Directory.Exists(PathIn("second", "index")));
        await using (var c = await second.Services.GetRequiredService<Database>().OpenAsync())
        {
            Assert.Equal(imported, await c.ExecuteScalarAsync<string>("SELECT value FROM app_state WHERE key = @k", new { k = DemoCorpusService.DoneKey }));
            Assert.Equal(papers, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM papers"));
        }
        Assert.Contains("2409.13346", await second.CreateClient().GetStringAsync("/api/papers/search?q=2409.13346"));
    }
}
