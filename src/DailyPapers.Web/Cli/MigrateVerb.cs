using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary><c>migrate [--dry-run]</c>: applies the pending migrations, or only lists them.</summary>
public static class MigrateVerb
{
    // CliApp does not migrate before this verb (Verb.MigrateFirst is false): a dry run must change nothing.
    public static async Task<int> RunAsync(CliContext cx)
    {
        if (cx.Positionals.Count > 0) throw new CliUsageException($"unexpected argument \"{cx.Positionals[0]}\"");
        if (cx.Flag("--dry-run"))
        {
            var pending = await Migrator.PendingAsync(cx.Database, cx.Cancellation);
            if (pending.Count == 0)
                cx.Out.WriteLine($"migrate: {cx.Database} is at schema version {Migrator.KnownVersion(cx.Database.Dialect)}: nothing to do");
            foreach (var m in pending) cx.Out.WriteLine($"would apply {m.Version:D4}_{m.Name}");
            if (pending.Count > 0) cx.Out.WriteLine($"migrate: {pending.Count} pending migrations; nothing was changed (--dry-run)");
            return 0;
        }
        await Migrator.MigrateAsync(cx.Database, cx.Out.WriteLine, cx.Cancellation);
        var version = await Migrator.CurrentVersionAsync(cx.Database, cx.Cancellation);
        cx.Out.WriteLine($"migrate: {cx.Database} is at schema version {version}");
        return 0;
    }
}

public static class StatsVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var (papers, entries, days) = await new PaperStore(cx.Database).CountAsync(cx.Cancellation);
        cx.Out.WriteLine($"{cx.Database}: {papers:N0} papers, {entries:N0} feed entries on {days:N0} feed days");
        return 0;
    }
}
