using System.CommandLine;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary><c>migrate-data --from sqlite:PATH --to postgres:CONNSTR</c>: copy a lab instance into PostgreSQL.</summary>
public sealed class MigrateDataVerb : IVerb
{
    private readonly Option<string?> _from = CliOptions.Text("--from", "LOCATION", "the database to copy (e.g. sqlite:data/dailypapers.db)");
    private readonly Option<string?> _to = CliOptions.Text("--to", "LOCATION", "the database to copy into (e.g. postgres:Host=db;Username=dp;Database=dp)");

    public Command Define() => new("migrate-data", "copy all data into another database (e.g. SQLite into PostgreSQL), resumable, verified by counts and checksums")
    {
        _from, _to,
    };

    public async Task<int> RunAsync(VerbContext cx)
    {
        var from = cx.Value(_from) ?? throw new CliUsageException("--from LOCATION is required (e.g. sqlite:data/dailypapers.db)");
        var to = cx.Value(_to) ?? throw new CliUsageException("--to LOCATION is required (e.g. postgres:Host=db;Username=dp;Database=dp)");
        // Two databases named on the command line, neither of them necessarily the configured one: opened here.
        var source = Database.FromLocation(from);
        var target = Database.FromLocation(to);
        if (source.ToString() == target.ToString()) throw new CliUsageException("--from and --to name the same database");
        if (source.FilePath is { } f && !File.Exists(f)) throw new CliUsageException($"no such database file: {f}");
        var reports = await new DataMigration(source, target, m => cx.Error.WriteLine(m)).RunAsync(cx.Cancellation);
        foreach (var r in reports)
            cx.Out.WriteLine($"{r.Table,-16} {r.SourceRows,10:N0} → {r.TargetRows,10:N0}  checksum {r.SourceChecksum} {(r.Ok ? "ok" : "MISMATCH " + r.TargetChecksum)}");
        var bad = reports.Where(r => !r.Ok).Select(r => r.Table).ToList();
        if (bad.Count > 0)
        {
            cx.Error.WriteLine($"migrate-data: verification failed for {string.Join(", ", bad)}; run again to resume, or copy into an empty database");
            return 1;
        }
        cx.Out.WriteLine($"migrate-data: {reports.Sum(r => r.TargetRows):N0} rows in {reports.Count} tables copied and verified");
        return 0;
    }
}
