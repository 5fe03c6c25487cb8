using System.CommandLine;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary><c>stats</c>: what the database holds.</summary>
public sealed class StatsVerb : IVerb
{
    public Command Define() => new("stats", "print what the database holds");

    public async Task<int> RunAsync(VerbContext cx)
    {
        var (papers, entries, days) = await cx.Service<PaperStore>().CountAsync(cx.Cancellation);
        cx.Out.WriteLine($"{cx.Service<Database>()}: {papers:N0} papers, {entries:N0} feed entries on {days:N0} feed days");
        return 0;
    }
}
