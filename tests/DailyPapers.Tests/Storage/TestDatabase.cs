using DailyPapers.Storage;
using DailyPapers.TestSupport;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Storage;

/// <summary>
/// A migrated, empty database of either dialect for one test, removed on dispose. Storage tests take the dialect
/// as a theory parameter (<see cref="Dialects"/>) so every one runs on SQLite and PostgreSQL.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public Database Db { get; }
    private readonly string? _dir;

    private TestDatabase(Database db, string? dir) { Db = db; _dir = dir; }

    public static IEnumerable<object[]> Dialects => [["sqlite"], ["postgres"]];

    /// <summary>Each case once per dialect, the dialect appended as the last argument.</summary>
    public static IEnumerable<object?[]> WithDialects(params object?[][] cases) =>
        from c in cases from d in Dialects select (object?[])[.. c, d[0]];

    /// <summary>A fresh database on the test PostgreSQL server, or a skip (an error in CI) when there is none.</summary>
    public static Database PostgresOrSkip()
    {
        if (PostgresServer.Unavailable is { } why)
        {
            // CI must run every PostgreSQL test; a developer without PostgreSQL sees them skipped with the reason.
            if (PostgresServer.MustRunEverything)
                throw new InvalidOperationException($"PostgreSQL tests cannot be skipped under CI or ./test: {why}");
            Skip.If(true, $"PostgreSQL not available: {why}");
        }
        return PostgresServer.CreateDatabase();
    }

    public static async Task<TestDatabase> CreateAsync(string dialect = "sqlite")
    {
        TestDatabase t;
        if (dialect == "postgres")
        {
            t = new TestDatabase(PostgresOrSkip(), null);
        }
        else
        {
            var dir = Path.Combine(Path.GetTempPath(), "dp-test-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            t = new TestDatabase(Database.Sqlite(Path.Combine(dir, "test.db")), dir);
        }
        await Migrator.MigrateAsync(t.Db);
        return t;
    }

    public ValueTask DisposeAsync()
    {
        if (_dir is not null)
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(_dir, true); } catch (IOException) { }
        }
        return ValueTask.CompletedTask;
    }
}
