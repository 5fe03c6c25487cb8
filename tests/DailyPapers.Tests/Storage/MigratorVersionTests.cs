using System.Security.Cryptography;
using DailyPapers.Storage;
using Dapper;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Storage;

/// <summary>Issue 15.8: <c>migrate --dry-run</c> changes nothing; an older build refuses a newer schema before it writes.</summary>
public sealed class MigratorVersionTests
{
    private static string TempFile() => Path.Combine(Directory.CreateTempSubdirectory("dp-migrator-").FullName, "dailypapers.db");

    [Fact]
    public async Task Pending_on_a_new_database_lists_every_migration_and_creates_no_file()
    {
        var path = TempFile();
        var pending = await Migrator.PendingAsync(Database.Sqlite(path));
        Assert.Equal(Migrator.Load(Dialect.Sqlite).Select(m => m.Version), pending.Select(m => m.Version));
        Assert.False(File.Exists(path));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Pending_on_an_up_to_date_database_is_empty(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        Assert.Empty(await Migrator.PendingAsync(t.Db));
        Assert.Equal(Migrator.KnownVersion(t.Db.Dialect), await Migrator.CurrentVersionAsync(t.Db));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Pending_on_an_empty_PostgreSQL_or_SQLite_database_changes_nothing(string dialect)
    {
        var db = dialect == "postgres" ? TestDatabase.PostgresOrSkip() : Database.Sqlite(TempFile());
        if (db.FilePath is { } f) await File.WriteAllBytesAsync(f, []); // an empty file is an empty SQLite database
        Assert.Equal(Migrator.Load(db.Dialect).Count, (await Migrator.PendingAsync(db)).Count);
        await using var c = await db.OpenAsync();
        var tables = dialect == "postgres"
            ? await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = 'public'")
            : await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master");
        Assert.Equal(0, tables);
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task An_older_build_refuses_a_newer_schema_and_writes_nothing(string dialect)
    {
        await using var t = await TestDatabase.CreateAsync(dialect);
        await using (var c = await t.Db.OpenAsync())
        {
            await c.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'from_the_future', '2030-01-01T00:00:00.000Z')");
            await c.ExecuteAsync("DELETE FROM schema_version WHERE version = 3"); // a pending migration the old build would otherwise apply
        }
        SqliteConnection.ClearAllPools();
        var before = t.Db.FilePath is { } f ? SHA256.HashData(await File.ReadAllBytesAsync(f)) : null;

        var expected = $"the database schema is at version 9999 (from_the_future), newer than this build knows " +
            $"({Migrator.KnownVersion(t.Db.Dialect)}); run a newer DailyPapers or restore a backup";
        Assert.Equal(expected, (await Assert.ThrowsAsync<SchemaTooNewException>(() => Migrator.MigrateAsync(t.Db))).Message);
        Assert.Equal(expected, (await Assert.ThrowsAsync<SchemaTooNewException>(() => Migrator.PendingAsync(t.Db))).Message);
        Assert.Equal(expected, (await Assert.ThrowsAsync<SchemaTooNewException>(() => Migrator.EnsureNotNewerAsync(t.Db))).Message);

        await using (var c = await t.Db.OpenAsync())
            Assert.Equal(0, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version WHERE version = 3"));
        SqliteConnection.ClearAllPools();
        if (t.Db.FilePath is { } g) Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(g)));
    }

    [SkippableTheory]
    [MemberData(nameof(TestDatabase.Dialects), MemberType = typeof(TestDatabase))]
    public async Task Nodes_of_the_same_build_starting_together_both_migrate(string dialect)
    {
        var db = dialect == "postgres" ? TestDatabase.PostgresOrSkip() : Database.Sqlite(TempFile());
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => Migrator.MigrateAsync(db))));
        // Every migration applied exactly once between them, and the schema check let all of them through.
        Assert.Equal(Migrator.Load(db.Dialect).Select(m => m.Version), runs.SelectMany(r => r).Select(m => m.Version).Order());
        Assert.Empty(await Migrator.PendingAsync(db));
    }
}
