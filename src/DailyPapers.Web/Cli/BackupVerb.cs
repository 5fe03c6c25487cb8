using DailyPapers.Storage;
using DailyPapers.Storage.Backup;

namespace DailyPapers.Web.Cli;

/// <summary><c>backup --to FILE [--force]</c>: a consistent copy of the live SQLite database (Storage/Backup/SqliteBackup).</summary>
public static class BackupVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var to = cx.Option("--to") ?? throw new CliUsageException("--to FILE is required (the backup file to write)");
        if (cx.Positionals.Count > 0) throw new CliUsageException($"unexpected argument \"{cx.Positionals[0]}\"");
        if (cx.Database.Dialect == Dialect.Postgres)
        {
            cx.Error.WriteLine(PostgresBackupAdvice.ForBackup(cx.Database, to));
            return 2;
        }
        var r = await SqliteBackup.BackupAsync(cx.Database, to, cx.Flag("--force"),
            p => cx.Error.WriteLine($"backup: {p.PagesCopied:N0} of {p.PagesTotal:N0} pages copied ({p.Percent}%)"), cx.Clock, ct: cx.Cancellation);
        cx.Out.WriteLine(r.Manifest.ToJson());
        cx.Out.WriteLine($"backup: wrote {r.File} ({r.Bytes:N0} bytes, schema version {r.Manifest.SchemaVersion}, " +
            $"{r.Manifest.Tables.Values.Sum(t => t.Rows):N0} rows in {r.Manifest.Tables.Count} tables); sha256 {r.FileSha256}");
        return 0;
    }
}
