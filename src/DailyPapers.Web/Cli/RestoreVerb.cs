using DailyPapers.Storage;
using DailyPapers.Storage.Backup;

namespace DailyPapers.Web.Cli;

/// <summary><c>restore --from FILE</c>: a backup into an empty DataDir, checked before it is put in place.</summary>
public static class RestoreVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var from = cx.Option("--from") ?? throw new CliUsageException("--from FILE is required (a file written by `dailypapers backup`)");
        if (cx.Positionals.Count > 0) throw new CliUsageException($"unexpected argument \"{cx.Positionals[0]}\"");
        if (cx.Database.Dialect == Dialect.Postgres)
        {
            cx.Error.WriteLine(PostgresBackupAdvice.ForRestore(cx.Database, from));
            return 2;
        }
        var m = await SqliteBackup.RestoreAsync(from, cx.Database, cx.Options.DataDir, cx.Error.WriteLine, cx.Cancellation);
        cx.Out.WriteLine($"restore: {cx.Database} restored from {Path.GetFullPath(from)} (made {m.CreatedAt:u} by DailyPapers {m.AppVersion}, " +
            $"schema version {m.SchemaVersion}); integrity, row counts and checksums of {m.Tables.Count} tables verified");
        cx.Out.WriteLine("restore: the search index is rebuilt from the database when the site starts (or run `dailypapers reindex`)");
        return 0;
    }
}
