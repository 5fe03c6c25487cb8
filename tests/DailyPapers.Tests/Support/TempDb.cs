using DailyPapers.Storage;
using Microsoft.Data.Sqlite;

namespace DailyPapers.Tests.Support;

/// <summary>A migrated SQLite database file in its own temp folder, deleted on dispose.</summary>
public sealed class TempDb : IAsyncDisposable
{
    public string Dir { get; }
    public Database Db { get; }

    private TempDb(string dir, Database db)
    {
        Dir = dir;
        Db = db;
    }

    /// <summary>
    /// SQLite (a file in the temp folder) or a fresh database on the throw-away PostgreSQL server (skipped with a
    /// reason where there is none, an error in CI — see <see cref="Storage.TestDatabase"/>); the folder exists either way.
    /// </summary>
    public static async Task<TempDb> CreateAsync(string dialect = "sqlite")
    {
        var dir = Path.Combine(Path.GetTempPath(), "dailypapers-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var db = dialect == "postgres" ? Storage.TestDatabase.PostgresOrSkip() : Database.Sqlite(Path.Combine(dir, "test.db"));
        await Migrator.MigrateAsync(db);
        return new TempDb(dir, db);
    }

    public PaperStore Store(TimeProvider? clock = null) => new(Db, clock);

    /// <summary>A file in this database's temp folder (for tests that write their own input files).</summary>
    public string File(string name) => Path.Combine(Dir, name);

    public ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; release them before deleting.
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Dir, recursive: true); }
        catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}

public static class Fixtures
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public const string Hf2024 = "hf/2024-05-27.json";
    public const string Hf2025 = "hf/2025-06-16.json";
    public const string Hf2026 = "hf/2026-08-21.json";
    public const string HfSlice = "hf/hf-daily-papers.slice-40.jsonl";
    public const string HfMalformed = "hf/hf-daily-papers.malformed.jsonl";
    public const string Kaggle = "kaggle/arxiv-metadata-oai-snapshot.head-200.jsonl";
    public const string KaggleMalformed = "kaggle/arxiv-metadata-oai-snapshot.malformed.jsonl";
    public const string Atom = "atom/arxiv-api-query_all-science_max10_2019-08-10.xml";
    public const string AtomMalformed = "atom/arxiv-api.malformed-entries.xml";
    public const string AtomTruncated = "atom/arxiv-api.truncated.xml";

    public static string Get(string relative) => Path(relative.Split('/'));
}
