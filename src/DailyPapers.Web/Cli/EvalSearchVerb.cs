using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary><c>dailypapers eval-search</c>: recall@10, MRR@10 and nDCG@10 of BM25, vectors and hybrid on data/eval/judged.jsonl.</summary>
public static class EvalSearchVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var judged = cx.Option("--judged") ?? Path.Combine("data", "eval", "judged.jsonl");
        if (!File.Exists(judged)) throw new CliUsageException($"no judged set at {judged} (use --judged FILE)");
        var store = new PaperStore(cx.Database);
        using var search = await SearchService.OpenAsync(store, new EmbeddingStore(cx.Database), SearchPaths.IndexFolder(cx.Options.DataDir),
            SearchPaths.ModelCache(cx.Options.DataDir), cx.Error.WriteLine, cx.Cancellation);
        var report = await RelevanceEval.RunAsync(search, RelevanceEval.Load(judged), cx.Error.WriteLine, cx.Cancellation);
        var md = RelevanceEval.ToMarkdown(report, search);
        cx.Out.WriteLine(md);
        if (cx.Option("--out") is { } outFile) await File.WriteAllTextAsync(outFile, md, cx.Cancellation);
        return 0;
    }
}
