using System.CommandLine;
using DailyPapers.Search;
using DailyPapers.Storage;

namespace DailyPapers.Web.Cli;

/// <summary>
/// <c>dailypapers eval-search</c>: recall@10, MRR@10 and nDCG@10 of BM25, vectors and hybrid on data/eval/judged.jsonl.
/// <c>--make-judged</c> first (re)builds that file from the corpus and data/eval/topics.jsonl.
/// <c>--voices auto|static|full|both</c>, <c>--vector-weight W</c>, <c>--static-weight W</c> switch the vector side.
/// <c>--cutoffs</c> first calibrates the vector-only similarity cut-offs (<see cref="VectorCutoff"/>) and evaluates with
/// them off and at the values chosen.
/// </summary>
public sealed class EvalSearchVerb : IVerb
{
    private readonly Option<string?> _judged = CliOptions.Text("--judged", "FILE", "the judged queries (default data/eval/judged.jsonl)");
    private readonly Option<string?> _makeJudged = CliOptions.Text("--make-judged", "TOPICS", "first (re)build the judged set from this topics file");
    private readonly Option<string?> _voices = CliOptions.Text("--voices", "auto|static|full|both", "which vectors speak in hybrid search (default auto)");
    private readonly Option<double?> _vectorWeight = CliOptions.Number("--vector-weight", "W", "weight of the vector side, 0 to 10", 0, 10);
    private readonly Option<double?> _staticWeight = CliOptions.Number("--static-weight", "W", "weight of the static model beside full MiniLM, 0 to 10", 0, 10);
    private readonly Option<bool> _cutoffs = CliOptions.Flag("--cutoffs", "calibrate the vector-only similarity cut-offs on the judged set and junk queries, then compare the eval with them off and on");
    private readonly Option<string?> _out = CliOptions.Text("--out", "FILE", "also write the Markdown report to FILE");

    public Command Define() => new("eval-search", "relevance of BM25, vectors and hybrid on the judged set in data/eval")
    {
        _judged, _makeJudged, _voices, _vectorWeight, _staticWeight, _cutoffs, _out,
    };

    public async Task<int> RunAsync(VerbContext cx)
    {
        var judged = cx.Value(_judged) ?? Path.Combine("data", "eval", "judged.jsonl");
        var voices = (cx.Value(_voices) ?? "auto") switch
        {
            "auto" => VectorVoices.Auto,
            "static" => VectorVoices.Static,
            "full" => VectorVoices.Full,
            "both" => VectorVoices.Both,
            var v => throw new CliUsageException($"--voices: \"{v}\" must be auto, static, full or both"),
        };
        if (cx.Value(_makeJudged) is { } topics)
        {
            var made = await JudgedSetBuilder.BuildAsync(cx.Service<PaperStore>(), topics, ct: cx.Cancellation);
            JudgedSetBuilder.Write(judged, made);
            cx.Error.WriteLine($"eval: wrote {made.Count} judged queries to {judged} ({string.Join(", ", made.GroupBy(q => q.Kind).Select(g => $"{g.Count()} {g.Key}"))})");
        }
        if (!File.Exists(judged)) throw new CliUsageException($"no judged set at {judged} (use --judged FILE, or --make-judged TOPICS.jsonl)");
        var search = await cx.SearchAsync();
        search.Voices = voices;
        search.VectorWeight = cx.Value(_vectorWeight) ?? search.VectorWeight;
        search.StaticWeightBesideFull = cx.Value(_staticWeight) ?? search.StaticWeightBesideFull;
        var queries = RelevanceEval.Load(judged);
        var md = "";
        if (cx.Value(_cutoffs))
        {
            var voices2 = VectorCutoff.Measure(search, queries);
            md += VectorCutoff.ToMarkdown(voices2);
            var (full, stat) = (search.FullCutoff, search.StaticCutoff);
            (search.FullCutoff, search.StaticCutoff) = (double.NegativeInfinity, double.NegativeInfinity);
            md += "Cut-offs off:\n\n" + RelevanceEval.ToMarkdown(await RelevanceEval.RunAsync(search, queries, cx.Error.WriteLine, cx.Cancellation), search) + "\n";
            (search.FullCutoff, search.StaticCutoff) = (
                voices2.FirstOrDefault(v => v.Model == MiniLmModel.Name)?.Chosen ?? full,
                voices2.FirstOrDefault(v => v.Model == StaticModel.Name)?.Chosen ?? stat);
            md += $"Cut-offs {search.FullCutoff:F2} ({MiniLmModel.Name}), {search.StaticCutoff:F2} ({StaticModel.Name}):\n\n";
        }
        var report = await RelevanceEval.RunAsync(search, queries, cx.Error.WriteLine, cx.Cancellation);
        md += RelevanceEval.ToMarkdown(report, search);
        cx.Out.WriteLine(md);
        if (cx.Value(_out) is { } outFile) await File.WriteAllTextAsync(outFile, md, cx.Cancellation);
        return 0;
    }
}
