using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

public static class MigrateVerb
{
    // CliApp already migrated before running the verb; this reports where the schema stands.
    public static async Task<int> RunAsync(CliContext cx)
    {
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
