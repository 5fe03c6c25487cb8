using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>dailypapers embed</c>: computes missing vectors — the static model for every paper first (seconds), then
/// full MiniLM (about 30 papers/s at 256 tokens on 2 cores, 60 at 128). Resumable: a killed run continues with what is still missing.
/// </summary>
public static class EmbedVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var max = cx.IntOption("--max", int.MaxValue, 0, int.MaxValue);
        var job = new EmbeddingJob(new EmbeddingStore(cx.Database), m => cx.Error.WriteLine(m));
        // --max-tokens 128 doubles full MiniLM's speed at some cost in quality (see docs/BENCHMARKS.md).
        var tokens = cx.IntOption("--max-tokens", MiniLmModel.DefaultMaxTokens, 16, 512);
        using var model = MiniLmModel.Load(SearchPaths.ModelCache(cx.Options.DataDir), tokens);
        var stat = StaticModel.LoadOrBuild(model, m => cx.Error.WriteLine(m));
        var s = await job.RunStaticAsync(stat, cx.Cancellation);
        var f = cx.Option("--models") == "static" ? 0 : await job.RunFullAsync(model, max, cx.Cancellation);
        cx.Out.WriteLine($"embedded {s:N0} papers with {StaticModel.Name}, {f:N0} with {MiniLmModel.Name}");
        return 0;
    }
}
