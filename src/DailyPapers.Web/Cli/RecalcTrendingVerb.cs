using System.CommandLine;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>dailypapers recalc-trending [--batch N]</c>: recomputes every paper's stored trending score (papers.hotness)
/// from its counters, after a change to the formula in Ranking/Hotness.cs. Votes keep scores current otherwise.
/// </summary>
public sealed class RecalcTrendingVerb : IVerb
{
    public const int DefaultBatch = 1000;

    private readonly Option<int> _batch = CliOptions.Int("--batch", "N", "papers scored per transaction", DefaultBatch, 1, 100_000,
        s => $"invalid --batch \"{s}\": expected a whole number from 1 to 100000");

    public Command Define() => new("recalc-trending", "recompute every paper's trending score after a change to the formula") { _batch };

    public async Task<int> RunAsync(VerbContext cx)
    {
        var (seen, changed) = await cx.Service<PaperStore>().RecalcHotnessAsync(cx.Value(_batch),
            (s, c) => cx.Error.WriteLine($"recalc-trending: {s:N0} papers scored, {c:N0} changed"), cx.Cancellation);
        cx.Out.WriteLine($"recalc-trending: {seen:N0} papers, {changed:N0} scores changed");
        return 0;
    }
}
