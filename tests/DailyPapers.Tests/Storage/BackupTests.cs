using System.Text;
using DailyPapers.Papers;
using DailyPapers.Storage;
using DailyPapers.Storage.Backup;
using Dapper;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Storage;

/// <summary>
/// Issue 15.6: a backup of a live SQLite database is one consistent state of it, and a restore puts back exactly
/// that state, or nothing.
/// </summary>
public sealed class BackupTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dp-backup-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private string PathIn(params string[] parts) => Path.Combine([_dir, .. parts]);

    /// <summary>A migrated database with <paramref name="papers"/> papers (long abstracts, so it spans many pages) and voters.</summary>
    internal static async Task<(Database Db, long[] Papers, long[] Users)> SeedAsync(string path, int papers, int users)
    {
        var db = Database.Sqlite(path);
        await Migrator.MigrateAsync(db);
        var store = new PaperStore(db);
        var abstractText = string.Join(' ', Enumerable.Repeat("A study of consistent online backups under concurrent writers.", 40));
        await store.ImportBatchAsync(Enumerable.Range(1, papers).Select(i => new ImportRecord(
            new Paper { ArxivId = $"2501.{i:D5}", Title = $"Paper number {i}", Abstract = abstractText, HfUpvotes = 0 },
            new DailyEntry { ArxivId = $"2501.{i:D5}", FeedDate = new DateOnly(2025, 1, 2) })).ToList());
        await using var c = await db.OpenAsync();
        var paperIds = (await c.QueryAsync<long>("SELECT id FROM papers ORDER BY id")).ToArray();
        var userIds = new long[users];
        for (var i = 0; i < users; i++)
            userIds[i] = await c.ExecuteScalarAsync<long>("INSERT INTO users (handle, created_at) VALUES (@h, '2025-01-01T00:00:00.000Z') RETURNING id", new { h = $"voter{i}" });
        return (db, paperIds, userIds);
    }

    internal static async Task<long> ScalarAsync(Database db, string sql)
    {
        await using var c = await db.OpenAsync();
        return await c.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task A_backup_is_one_file_holding_its_manifest()
    {
        var (db, _, _) = await SeedAsync(PathIn("live", "dailypapers.db"), papers: 3, users: 2);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 4, 5, 6, TimeSpan.Zero));
        var r = await SqliteBackup.BackupAsync(db, PathIn("dp.backup"), force: false, clock: clock);

        Assert.Equal([PathIn("dp.backup")], Directory.GetFiles(_dir));
        var bytes = await File.ReadAllBytesAsync(r.File);
        Assert.Equal(bytes.Length, r.Bytes);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), r.FileSha256);
        Assert.Equal(1, bytes[18]); // rollback journal, not WAL: nothing else to copy along
        await using var c = new SqliteConnection($"Data Source={r.File};Mode=ReadOnly;Pooling=False");
        await c.OpenAsync();
        var stored = BackupManifest.Parse(await c.ExecuteScalarAsync<string>($"SELECT manifest FROM {SqliteBackup.ManifestTable}") ?? "", r.File);
        Assert.Equal(r.Manifest.ToJson(), stored.ToJson());
        Assert.Equal(clock.GetUtcNow(), stored.CreatedAt);
        Assert.Equal(3, stored.Tables["papers"].Rows);
        Assert.Equal(2, stored.Tables["users"].Rows);
        Assert.Contains("schema_version", stored.Tables.Keys);
        Assert.Equal(db.FilePath, stored.Source);
        Assert.False(string.IsNullOrEmpty(stored.AppVersion));
    }

    [Fact]
    public async Task Backup_refuses_an_existing_file_unless_forced()
    {
        var (db, _, _) = await SeedAsync(PathIn("live", "dailypapers.db"), papers: 2, users: 1);
        var file = PathIn("dp.backup");
        await File.WriteAllTextAsync(file, "an older backup");

        var e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.BackupAsync(db, file, force: false));
        Assert.Equal($"{file} already exists; pass --force to replace it", e.Message);
        Assert.Equal("an older backup", await File.ReadAllTextAsync(file));

        await SqliteBackup.BackupAsync(db, file, force: true);
        Assert.Equal(2, (await SqliteBackup.RestoreAsync(file, Database.Sqlite(PathIn("r", "dailypapers.db")), PathIn("r"))).Tables["papers"].Rows);
    }

    [Fact]
    public async Task Backup_of_a_missing_database_creates_nothing()
    {
        var missing = PathIn("nothing", "dailypapers.db");
        var e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.BackupAsync(Database.Sqlite(missing), PathIn("dp.backup"), force: false));
        Assert.Contains($"there is no database at {missing}", e.Message);
        Assert.False(File.Exists(missing));
        Assert.False(File.Exists(PathIn("dp.backup")));
    }

    [Fact]
    public async Task Restore_refuses_a_DataDir_that_holds_a_database_or_an_index_and_leaves_it_alone()
    {
        var (db, _, _) = await SeedAsync(PathIn("live", "dailypapers.db"), papers: 2, users: 1);
        var file = (await SqliteBackup.BackupAsync(db, PathIn("dp.backup"), force: false)).File;

        // The target database exists: never replaced.
        var e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.RestoreAsync(file, db, PathIn("live")));
        Assert.StartsWith($"{db.FilePath} already exists; restore only writes into an empty DataDir", e.Message);
        Assert.Equal(2, await ScalarAsync(db, "SELECT COUNT(*) FROM papers"));

        // Another database in the DataDir.
        Directory.CreateDirectory(PathIn("other"));
        await File.WriteAllTextAsync(PathIn("other", "old.db"), "x");
        e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.RestoreAsync(file, Database.Sqlite(PathIn("other", "dailypapers.db")), PathIn("other")));
        Assert.Contains("already holds a database (old.db)", e.Message);

        // A search index built from another database.
        Directory.CreateDirectory(PathIn("indexed", "index"));
        e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.RestoreAsync(file, Database.Sqlite(PathIn("indexed", "dailypapers.db")), PathIn("indexed")));
        Assert.Contains("holds a search index", e.Message);
        Assert.False(File.Exists(PathIn("indexed", "dailypapers.db")));
        Assert.Equal(["old.db"], Directory.GetFiles(PathIn("other")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Restore_refuses_a_backup_whose_data_was_changed_and_leaves_the_target_empty()
    {
        var (db, _, _) = await SeedAsync(PathIn("live", "dailypapers.db"), papers: 5, users: 1);
        await using (var c = await db.OpenAsync())
            await c.ExecuteAsync("UPDATE papers SET title = 'Marker title for tampering' WHERE arxiv_id = '2501.00003'");
        var file = (await SqliteBackup.BackupAsync(db, PathIn("dp.backup"), force: false)).File;
        // One flipped byte inside a stored value: the file's structure is intact, its data is not.
        var bytes = await File.ReadAllBytesAsync(file);
        var at = bytes.AsSpan().IndexOf("Marker title"u8);
        Assert.True(at > 0);
        bytes[at] ^= 0x01;
        await File.WriteAllBytesAsync(file, bytes);

        var target = PathIn("restored", "dailypapers.db");
        var e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.RestoreAsync(file, Database.Sqlite(target), PathIn("restored")));
        Assert.Contains("does not match its manifest", e.Message);
        Assert.Contains("table papers: checksum", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(PathIn("restored")));
    }

    [Fact]
    public async Task Restore_refuses_a_backup_with_a_damaged_page()
    {
        var (db, _, _) = await SeedAsync(PathIn("live", "dailypapers.db"), papers: 50, users: 1);
        var file = (await SqliteBackup.BackupAsync(db, PathIn("dp.backup"), force: false)).File;
        long root, pageSize;
        await using (var c = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False"))
        {
            await c.OpenAsync();
            root = await c.ExecuteScalarAsync<long>("SELECT rootpage FROM sqlite_master WHERE name = 'ix_votes_paper'");
            pageSize = await c.ExecuteScalarAsync<long>("PRAGMA page_size");
        }
        // The b-tree page type byte of an index's root page.
        await using (var fs = new FileStream(file, FileMode.Open, FileAccess.ReadWrite))
        {
            fs.Position = (root - 1) * pageSize;
            fs.WriteByte(0x55);
        }

        var target = PathIn("restored", "dailypapers.db");
        var e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.RestoreAsync(file, Database.Sqlite(target), PathIn("restored")));
        Assert.True(e.Message.Contains("integrity_check") || e.Message.Contains("cannot be read as a SQLite database"), e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(PathIn("restored")));
    }

    [Fact]
    public async Task Restore_refuses_files_that_are_not_backups()
    {
        var (db, _, _) = await SeedAsync(PathIn("live", "dailypapers.db"), papers: 1, users: 1);
        SqliteConnection.ClearAllPools();
        var target = Database.Sqlite(PathIn("restored", "dailypapers.db"));

        // A plain database file, copied by hand: no manifest to check it against.
        var e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.RestoreAsync(db.FilePath!, target, PathIn("restored")));
        Assert.Contains("holds no backup manifest", e.Message);

        await File.WriteAllTextAsync(PathIn("notes.txt"), new string('x', 8192));
        e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.RestoreAsync(PathIn("notes.txt"), target, PathIn("restored")));
        Assert.Contains("cannot be read as a SQLite database", e.Message);

        e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.RestoreAsync(PathIn("absent.backup"), target, PathIn("restored")));
        Assert.Contains("there is no backup file at", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(PathIn("restored")));
    }

    [Fact]
    public async Task Restore_refuses_a_backup_from_a_newer_schema()
    {
        var (db, _, _) = await SeedAsync(PathIn("live", "dailypapers.db"), papers: 1, users: 1);
        var file = (await SqliteBackup.BackupAsync(db, PathIn("dp.backup"), force: false)).File;
        // A newer build wrote this backup: its schema and manifest say version 9999.
        await using (var c = new SqliteConnection($"Data Source={file};Pooling=False"))
        {
            await c.OpenAsync();
            var m = BackupManifest.Parse(await c.ExecuteScalarAsync<string>($"SELECT manifest FROM {SqliteBackup.ManifestTable}") ?? "", file);
            await c.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'from_the_future', '2030-01-01T00:00:00.000Z')");
            await c.ExecuteAsync($"UPDATE {SqliteBackup.ManifestTable} SET manifest = @j", new { j = (m with { SchemaVersion = 9999, SchemaName = "from_the_future" }).ToJson() });
        }
        var e = await Assert.ThrowsAsync<BackupException>(() => SqliteBackup.RestoreAsync(file, Database.Sqlite(PathIn("r", "dailypapers.db")), PathIn("r")));
        Assert.Contains($"holds schema version 9999 (from_the_future), newer than this build knows ({Migrator.KnownVersion(Dialect.Sqlite)})", e.Message);
    }

    [Fact]
    public void PostgreSQL_gets_the_pg_dump_and_pg_restore_commands_without_the_password()
    {
        var db = Database.FromLocation("postgres:Host=db.internal;Port=5433;Username=dp;Password=s3cret-pw;Database=daily papers");
        var backup = PostgresBackupAdvice.ForBackup(db, "/srv/backups/dp.dump");
        Assert.Contains("pg_dump --format=custom --host=db.internal --port=5433 --username=dp --dbname='daily papers' --file=/srv/backups/dp.dump", backup);
        var restore = PostgresBackupAdvice.ForRestore(db, "/srv/backups/dp.dump");
        Assert.Contains("createdb --host=db.internal --port=5433 --username=dp 'daily papers'", restore);
        Assert.Contains("pg_restore --exit-on-error --no-owner --host=db.internal --port=5433 --username=dp --dbname='daily papers' /srv/backups/dp.dump", restore);
        Assert.DoesNotContain("s3cret", backup + restore);
        Assert.Equal("'it'\\''s'", PostgresBackupAdvice.Quote("it's"));
    }
}
