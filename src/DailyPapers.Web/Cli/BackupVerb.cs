using System.CommandLine;
using DailyPapers.Storage;
using DailyPapers.Storage.Backup;

namespace DailyPapers.Web.Cli;

/// <summary><c>backup --to FILE [--force]</c>: a consistent copy of the live SQLite database (Storage/Backup/SqliteBackup).</summary>
public sealed class BackupVerb : IVerb
{
    private readonly Option<string> _to = new("--to") { Description = "the backup file to write", HelpName = "FILE", Required = true };
    private readonly Option<bool> _force = CliOptions.Flag("--force", "overwrite FILE when it exists");

    public Command Define() => new("backup", "copy the SQLite database consistently while the site serves, with a manifest (on PostgreSQL: prints the pg_dump command)") { _to, _force };

    // Backing up must not create or upgrade the database it copies; SqliteBackup checks the schema itself.
    public bool MigrateFirst => false;

    public async Task<int> RunAsync(VerbContext cx)
    {
        var db = cx.Service<Database>();
        var to = cx.Value(_to);
        if (db.Dialect == Dialect.Postgres)
        {
            cx.Error.WriteLine(PostgresBackupAdvice.ForBackup(db, to));
            return 2;
        }
        var r = await SqliteBackup.BackupAsync(db, to, cx.Value(_force),
            p => cx.Error.WriteLine($"backup: {p.PagesCopied:N0} of {p.PagesTotal:N0} pages copied ({p.Percent}%)"), cx.Clock, ct: cx.Cancellation);
        cx.Out.WriteLine(r.Manifest.ToJson());
        cx.Out.WriteLine($"backup: wrote {r.File} ({r.Bytes:N0} bytes, schema version {r.Manifest.SchemaVersion}, " +
            $"{r.Manifest.Tables.Values.Sum(t => t.Rows):N0} rows in {r.Manifest.Tables.Count} tables); sha256 {r.FileSha256}");
        return 0;
    }
}
