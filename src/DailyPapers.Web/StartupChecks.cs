using System.Data.Common;
using DailyPapers.Storage;

namespace DailyPapers.Web;

/// <summary>
/// Checks made before the site serves, each failing with one <see cref="StartupException"/> line that names the path or
/// setting to fix — not a stack trace repeated by a supervisor's restart loop.
/// </summary>
public static class StartupChecks
{
    /// <summary>DataDir holds the SQLite file, the search index and the model cache: it must exist and take writes.</summary>
    public static void DataDirWritable(string dataDir)
    {
        var full = Path.GetFullPath(dataDir);
        var probe = Path.Combine(full, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(full);
            File.WriteAllBytes(probe, [1]);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"DataDir {full} is not writable ({e.Message}); it holds the database, the search index " +
                "and the model cache: give the service's user write access to it, or set DailyPapers:DataDir to another folder", e);
        }
    }

    /// <summary>
    /// Opens the database (creating the SQLite file) and applies the migrations — unless the database was upgraded by a
    /// newer build: then nothing is written and the site stops with the one line the verbs print too.
    /// </summary>
    public static void Migrate(Func<Database> database, Action<string> log)
    {
        Database? db = null;
        try
        {
            db = database();
            Migrator.MigrateAsync(db, log).GetAwaiter().GetResult();
        }
        catch (SchemaTooNewException e)
        {
            throw new StartupException(e.Message, e);
        }
        catch (Exception e) when (e is DbException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new StartupException($"cannot open the database {db?.ToString() ?? "(DailyPapers:Database)"}: {e.Message}", e);
        }
    }
}
