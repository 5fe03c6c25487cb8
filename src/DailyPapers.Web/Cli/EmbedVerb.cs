using System.CommandLine;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>dailypapers embed</c>: computes missing vectors — the static model for every paper first (seconds), then
/// full MiniLM (about 30 papers/s at 256 tokens on 2 cores, 60 at 128). Resumable: a killed run continues with what is still missing.
/// </summary>
public sealed class EmbedVerb : IVerb
{
    private readonly Option<int?> _max = CliOptions.OptionalInt("--max", "N", "papers to embed with full MiniLM in this run (default: all missing)", 0, int.MaxValue);
    // 128 doubles full MiniLM's speed at some cost in quality (see docs/BENCHMARKS.md).
    private readonly Option<int> _maxTokens = CliOptions.Int("--max-tokens", "N", "tokens of each abstract read by full MiniLM", MiniLmModel.DefaultMaxTokens, 16, 512);
    private readonly Option<string?> _models = CliOptions.Text("--models", "static|all", "static: only the fast static model (default: all)");

    public Command Define() => new("embed", "compute missing search vectors (resumable)") { _max, _maxTokens, _models };

    public async Task<int> RunAsync(VerbContext cx)
    {
        var models = cx.Value(_models) ?? "all";
        if (models is not ("static" or "all")) throw new CliUsageException($"--models: \"{models}\" must be static or all");
        var job = new EmbeddingJob(cx.Service<EmbeddingStore>(), m => cx.Error.WriteLine(m));
        using var model = MiniLmModel.Load(SearchPaths.ModelCache(cx.Options.DataDir), cx.Value(_maxTokens));
        var stat = StaticModel.LoadOrBuild(model, m => cx.Error.WriteLine(m));
        var s = await job.RunStaticAsync(stat, cx.Cancellation);
        var f = models == "static" ? 0 : await job.RunFullAsync(model, cx.Value(_max) ?? int.MaxValue, cx.Cancellation);
        cx.Out.WriteLine($"embedded {s:N0} papers with {StaticModel.Name}, {f:N0} with {MiniLmModel.Name}");
        return 0;
    }
}
