using Xunit;
using System.Text.RegularExpressions;
using DailyPapers.Ingest;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Tests.Search;

/// <summary>A temp SQLite database holding 63 real HF daily-papers records, and helpers around it.</summary>
public sealed class SearchDb : IAsyncDisposable
{
    public static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Fixtures", "search", "papers.jsonl");

    public string Folder { get; }
    public Database Database { get; }
    public PaperStore Store { get; }

    private SearchDb(string folder)
    {
        Folder = folder;
        Database = Database.Sqlite(Path.Combine(folder, "test.db"));
        Store = new PaperStore(Database);
    }

    public static async Task<SearchDb> CreateAsync(bool import = true)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dp-search-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(folder);
        var db = new SearchDb(folder);
        await Migrator.MigrateAsync(db.Database);
        if (import) await new Importer(db.Store).ImportFilesAsync([FixturePath]);
        return db;
    }

    public async Task<(LuceneIndex Index, IndexFollower Follower)> BuildIndexAsync()
    {
        var index = LuceneIndex.Open(Path.Combine(Folder, "index"));
        var follower = new IndexFollower(index, Store);
        await follower.RebuildAsync();
        return (index, follower);
    }

    /// <summary>arXiv ids of fixture papers whose title or abstract matches <paramref name="pattern"/> (the reference count).</summary>
    public async Task<HashSet<string>> ArxivIdsMatchingAsync(string pattern)
    {
        var rx = new Regex(pattern, RegexOptions.IgnoreCase);
        var docs = await Store.GetSearchDocsAsync(0, 10_000);
        return docs.Where(d => rx.IsMatch(d.Title + " " + d.Abstract)).Select(d => d.ArxivId).ToHashSet();
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Task.Yield();
        try { Directory.Delete(Folder, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
