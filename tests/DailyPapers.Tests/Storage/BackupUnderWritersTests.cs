using DailyPapers.Storage;
using DailyPapers.Storage.Backup;
using Dapper;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Storage;

/// <summary>
/// Issue 15.6, the issue's own test: back up while 50 writers vote, restore, and find one state the database was in.
/// Alone (no other test in parallel): 50 busy writers slow down every other test, and the PostgreSQL vote tests'
/// connection pools time out on a loaded 2-core machine.
/// </summary>
[Collection(Name)]
public sealed class BackupUnderWritersTests : IDisposable
{
    public const string Name = "backup under 50 writers";
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-backup-writers-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string PathIn(params string[] parts) => Path.Combine([_dir, .. parts]);

    [Fact]
    public async Task Issue15_a_backup_taken_while_50_writers_vote_restores_a_state_the_database_was_in()
    {
        var (db, papers, users) = await BackupTests.SeedAsync(PathIn("live", "dailypapers.db"), papers: 400, users: 50);
        var changesAtStart = await BackupTests.ScalarAsync(db, "SELECT COUNT(*) FROM paper_changes");
        var votes = new VoteStore(db);
        using var stop = new CancellationTokenSource();
        // The site's own vote path: each upvote locks the paper, inserts the vote, recounts the paper's score and logs a change.
        var writers = users.Select((user, n) => Task.Run(async () =>
        {
            var rng = new Random(n);
            while (!stop.IsCancellationRequested)
                await votes.SetAsync(user, papers[rng.Next(papers.Length)], up: true);
        })).ToArray();
        while (await BackupTests.ScalarAsync(db, "SELECT COUNT(*) FROM votes") < 200) await Task.Delay(20);

        var before = await BackupTests.ScalarAsync(db, "SELECT COUNT(*) FROM votes");
        var reports = new List<BackupProgress>();
        // Small steps and a pause at each report, so the writers commit between steps. Copying from one snapshot, the
        // backup never starts over (progress only grows); without it SQLite restarts after every write (300 times here).
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var result = await SqliteBackup.BackupAsync(db, PathIn("backups", "dp.backup"), force: false, p =>
        {
            reports.Add(p);
            Thread.Sleep(20);
        }, pagesPerStep: 8, ct: limit.Token);
        var after = await BackupTests.ScalarAsync(db, "SELECT COUNT(*) FROM votes");
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        Assert.True(after > before, $"the writers must have voted while the backup ran ({before} → {after})");
        Assert.True(reports.Count > 2, "progress is reported in steps");
        Assert.Equal(reports[^1].PagesTotal, reports[^1].PagesCopied);
        Assert.Equal(reports.Select(r => r.PagesCopied).Order(), reports.Select(r => r.PagesCopied));

        var target = Database.Sqlite(PathIn("restored", "dailypapers.db"));
        var manifest = await SqliteBackup.RestoreAsync(result.File, target, PathIn("restored"));
        await using var c = await target.OpenAsync();
        Assert.Equal("ok", await c.ExecuteScalarAsync<string>("PRAGMA integrity_check"));
        var restoredVotes = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM votes");
        Assert.InRange(restoredVotes, before, after);
        // One committed state: every vote is in its paper's counter and has its change-log row, no more, no less.
        Assert.Equal(restoredVotes, await c.ExecuteScalarAsync<long>("SELECT SUM(upvotes) FROM papers"));
        Assert.Equal(0, await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM papers p WHERE p.upvotes <> (SELECT COUNT(*) FROM votes v WHERE v.paper_id = p.id)"));
        Assert.Equal(changesAtStart + restoredVotes, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM paper_changes"));
        // The manifest describes the restored database exactly, and restore took its table out again.
        foreach (var (table, summary) in manifest.Tables)
            Assert.Equal(summary.Rows, await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM {table}"));
        Assert.Equal(restoredVotes, manifest.Tables["votes"].Rows);
        Assert.Equal(400, manifest.Tables["papers"].Rows);
        Assert.Equal(0, await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM sqlite_master WHERE name = '{SqliteBackup.ManifestTable}'"));
        Assert.Equal(Migrator.KnownVersion(Dialect.Sqlite), manifest.SchemaVersion);
        Assert.Equal(result.Manifest.ToJson(), manifest.ToJson());
        Assert.Empty(Directory.GetFiles(PathIn("backups"), ".*.tmp"));
    }
}

[CollectionDefinition(BackupUnderWritersTests.Name, DisableParallelization = true)]
public sealed class BackupUnderWritersCollection;
