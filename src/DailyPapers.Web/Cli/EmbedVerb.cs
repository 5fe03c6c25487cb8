using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>dailypapers embed</c>: computes missing vectors — the static model for every paper first (seconds), then
/// full MiniLM (about 30–60 papers/s on 2 cores). Resumable: a killed run continues with what is still missing.
/// </summary>
public static class EmbedVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var max = cx.IntOption("--max", int.MaxValue, 0, int.MaxValue);
        var job = new EmbeddingJob(new EmbeddingStore(cx.Database), m => cx.Error.WriteLine(m));
        using var model = MiniLmModel.Load(SearchPaths.ModelCache(cx.Options.DataDir));
        var stat = StaticModel.LoadOrBuild(model, m => cx.Error.WriteLine(m));
        var s = await job.RunStaticAsync(stat, cx.Cancellation);
        var f = cx.Option("--models") == "static" ? 0 : await job.RunFullAsync(model, max, cx.Cancellation);
        cx.Out.WriteLine($"embedded {s:N0} papers with {StaticModel.Name}, {f:N0} with {MiniLmModel.Name}");
        return 0;
    }
}
