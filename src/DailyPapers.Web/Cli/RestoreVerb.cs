using System.CommandLine;
using DailyPapers.Storage;
using DailyPapers.Storage.Backup;

namespace DailyPapers.Web.Cli;

/// <summary><c>restore --from FILE</c>: a backup into an empty DataDir, checked before it is put in place.</summary>
public sealed class RestoreVerb : IVerb
{
    private readonly Option<string> _from = new("--from") { Description = "a file written by `dailypapers backup`", HelpName = "FILE", Required = true };

    public Command Define() => new("restore", "restore a backup into an empty DataDir after checking it (on PostgreSQL: prints the pg_restore commands)") { _from };

    // The target must stay empty until the checked copy is renamed into place: no migration may create it first.
    public bool MigrateFirst => false;

    public async Task<int> RunAsync(VerbContext cx)
    {
        var db = cx.Service<Database>();
        var from = cx.Value(_from);
        if (db.Dialect == Dialect.Postgres)
        {
            cx.Error.WriteLine(PostgresBackupAdvice.ForRestore(db, from));
            return 2;
        }
        var m = await SqliteBackup.RestoreAsync(from, db, cx.Options.DataDir, cx.Error.WriteLine, cx.Cancellation);
        cx.Out.WriteLine($"restore: {db} restored from {Path.GetFullPath(from)} (made {m.CreatedAt:u} by DailyPapers {m.AppVersion}, " +
            $"schema version {m.SchemaVersion}); integrity, row counts and checksums of {m.Tables.Count} tables verified");
        cx.Out.WriteLine("restore: the search index is rebuilt from the database when the site starts (or run `dailypapers reindex`)");
        return 0;
    }
}
