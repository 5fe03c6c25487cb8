using System.CommandLine;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary><c>migrate [--dry-run]</c>: applies the pending migrations (printing each), or only lists them.</summary>
public sealed class MigrateVerb : IVerb
{
    private readonly Option<bool> _dryRun = CliOptions.Flag("--dry-run", "list the pending migrations and change nothing");

    public Command Define() => new("migrate", "create or upgrade the database schema; --dry-run lists the pending migrations") { _dryRun };

    // Not migrated by the start-up steps: a dry run must change nothing, and a real run prints what it applies.
    public bool MigrateFirst => false;

    public async Task<int> RunAsync(VerbContext cx)
    {
        var db = cx.Service<Database>();
        if (cx.Value(_dryRun))
        {
            var pending = await Migrator.PendingAsync(db, cx.Cancellation);
            if (pending.Count == 0)
                cx.Out.WriteLine($"migrate: {db} is at schema version {Migrator.KnownVersion(db.Dialect)}: nothing to do");
            foreach (var m in pending) cx.Out.WriteLine($"would apply {m.Version:D4}_{m.Name}");
            if (pending.Count > 0) cx.Out.WriteLine($"migrate: {pending.Count} pending migrations; nothing was changed (--dry-run)");
            return 0;
        }
        await Migrator.MigrateAsync(db, cx.Out.WriteLine, cx.Cancellation);
        var version = await Migrator.CurrentVersionAsync(db, cx.Cancellation);
        cx.Out.WriteLine($"migrate: {db} is at schema version {version}");
        return 0;
    }
}
