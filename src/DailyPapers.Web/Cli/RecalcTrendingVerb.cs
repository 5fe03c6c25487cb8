using System.Globalization;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>dailypapers recalc-trending [--batch N]</c>: recomputes every paper's stored trending score (papers.hotness)
/// from its counters, after a change to the formula in Ranking/Hotness.cs. Votes keep scores current otherwise.
/// </summary>
public static class RecalcTrendingVerb
{
    public const int DefaultBatch = 1000;

    public static async Task<int> RunAsync(CliContext cx)
    {
        var batch = DefaultBatch;
        if (cx.Option("--batch") is { } b && (!int.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out batch) || batch < 1 || batch > 100_000))
        {
            cx.Error.WriteLine($"recalc-trending: invalid --batch \"{b}\": expected a whole number from 1 to 100000");
            return 2;
        }
        var store = new PaperStore(cx.Database);
        var (seen, changed) = await store.RecalcHotnessAsync(batch,
            (s, c) => cx.Error.WriteLine($"recalc-trending: {s:N0} papers scored, {c:N0} changed"), cx.Cancellation);
        cx.Out.WriteLine($"recalc-trending: {seen:N0} papers, {changed:N0} scores changed");
        return 0;
    }
}
