using System.CommandLine;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary><c>migrate</c>: the start-up steps already migrated the schema before any verb runs; this reports where it stands.</summary>
public sealed class MigrateVerb : IVerb
{
    public Command Define() => new("migrate", "create or upgrade the database schema");

    public async Task<int> RunAsync(VerbContext cx)
    {
        var db = cx.Service<Database>();
        var version = await Migrator.CurrentVersionAsync(db, cx.Cancellation);
        cx.Out.WriteLine($"migrate: {db} is at schema version {version}");
        return 0;
    }
}
