using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>dailypapers eval-search</c>: recall@10, MRR@10 and nDCG@10 of BM25, vectors and hybrid on data/eval/judged.jsonl.
/// <c>--make-judged</c> first (re)builds that file from the corpus and data/eval/topics.jsonl.
/// <c>--voices auto|static|full|both</c>, <c>--vector-weight W</c>, <c>--static-weight W</c> switch the vector side.
/// </summary>
public static class EvalSearchVerb
{
    public static async Task<int> RunAsync(CliContext cx)
    {
        var judged = cx.Option("--judged") ?? Path.Combine("data", "eval", "judged.jsonl");
        var store = new PaperStore(cx.Database);
        if (cx.Option("--make-judged") is { } topics)
        {
            var made = await JudgedSetBuilder.BuildAsync(store, topics, ct: cx.Cancellation);
            JudgedSetBuilder.Write(judged, made);
            cx.Error.WriteLine($"eval: wrote {made.Count} judged queries to {judged} ({string.Join(", ", made.GroupBy(q => q.Kind).Select(g => $"{g.Count()} {g.Key}"))})");
        }
        if (!File.Exists(judged)) throw new CliUsageException($"no judged set at {judged} (use --judged FILE, or --make-judged TOPICS.jsonl)");
        using var search = await SearchService.OpenAsync(store, new EmbeddingStore(cx.Database), SearchPaths.IndexFolder(cx.Options.DataDir),
            SearchPaths.ModelCache(cx.Options.DataDir), cx.Error.WriteLine, cx.Cancellation);
        search.Voices = (cx.Option("--voices") ?? "auto") switch
        {
            "auto" => VectorVoices.Auto,
            "static" => VectorVoices.Static,
            "full" => VectorVoices.Full,
            "both" => VectorVoices.Both,
            var v => throw new CliUsageException($"--voices: \"{v}\" must be auto, static, full or both"),
        };
        search.VectorWeight = Weight(cx, "--vector-weight", search.VectorWeight);
        search.StaticWeightBesideFull = Weight(cx, "--static-weight", search.StaticWeightBesideFull);
        var report = await RelevanceEval.RunAsync(search, RelevanceEval.Load(judged), cx.Error.WriteLine, cx.Cancellation);
        var md = RelevanceEval.ToMarkdown(report, search);
        cx.Out.WriteLine(md);
        if (cx.Option("--out") is { } outFile) await File.WriteAllTextAsync(outFile, md, cx.Cancellation);
        return 0;
    }

    private static double Weight(CliContext cx, string name, double fallback) =>
        cx.Option(name) is not { } s ? fallback
        : double.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var w) && w >= 0 && w <= 10 ? w
        : throw new CliUsageException($"{name}: \"{s}\" must be a number from 0 to 10");
}
