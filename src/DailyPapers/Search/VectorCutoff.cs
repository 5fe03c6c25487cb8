using System.Globalization;
using System.Numerics.Tensors;
using System.Text;

namespace DailyPapers.Search;

/// <summary>
/// Calibrates the similarity from which a vector voice alone admits a paper (issue 14.3): on the judged set, how near
/// each query is to the paper it seeks, against how near junk (keyboard mashes, random letters) gets to its nearest
/// paper. The cut-off chosen is the lowest that admits no junk query, rounded up with a margin; the table says what
/// share of sought papers it keeps. <c>dailypapers eval-search --cutoffs</c> prints it.
/// </summary>
public static class VectorCutoff
{
    /// <summary>Added above the nearest any junk query gets, so junk near the line stays out.</summary>
    public const double Margin = 0.02;

    public sealed record Voice(string Model, int Papers, int Queries, double[] TargetSims, double[] JunkTop, double[] QueryTop, double Chosen)
    {
        /// <summary>The same measured relative to the query's 100th neighbour (sought paper's lead; junk's top lead).</summary>
        public double[] TargetLead { get; init; } = [];
        public double[] JunkLead { get; init; } = [];
        public double Kept(double cutoff) => TargetSims.Length == 0 ? 0 : TargetSims.Count(s => s >= cutoff) / (double)TargetSims.Length;
        public double JunkAdmitted(double cutoff) => JunkTop.Length == 0 ? 0 : JunkTop.Count(s => s >= cutoff) / (double)JunkTop.Length;
    }

    /// <summary>Junk: typed mashes and 200 random letter strings (fixed seed, so the figures repeat).</summary>
    public static IReadOnlyList<string> JunkQueries()
    {
        var list = new List<string>
        {
            "zzqxqzz", "asdfghjkl", "qwertyuiop", "zxcvbnm", "qwxzv jjkqz", "aaaaaaa", "hjkl hjkl", "fjdksla;",
            "xqzt", "blorf snarg", "qqq www eee", "ppppp", "jkjkjk", "mnbvcxz lkjh", "wqxz pfft", "zzz", "xyzzy plugh",
            "uiae nrtd", "gggg hhhh", "vbvbvb", "kzkzkz", "ooooo", "qazwsx edc", "rfvtgb", "yhnujm", "plmokn",
        };
        var rng = new Random(14);
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        for (var i = 0; i < 200; i++)
        {
            var words = rng.Next(1, 4);
            var sb = new StringBuilder();
            for (var w = 0; w < words; w++)
            {
                if (w > 0) sb.Append(' ');
                var len = rng.Next(4, 11);
                for (var c = 0; c < len; c++) sb.Append(letters[rng.Next(letters.Length)]);
            }
            list.Add(sb.ToString());
        }
        return list;
    }

    /// <summary>Similarities per vector voice that holds vectors (full MiniLM, the static model).</summary>
    public static List<Voice> Measure(SearchService search, IReadOnlyList<JudgedQuery> judged)
    {
        var voices = new List<Voice>();
        var ids = search.Lexical.FindArxivIds(judged.SelectMany(q => q.Grades.Where(g => g.Value == 2).Select(g => g.Key)));
        foreach (var (index, embed) in new (VectorIndex, Func<string, float[]>)[]
                 {
                     (search.FullVectors, t => search.Model.EmbedOne(t)),
                     (search.StaticVectors, t => search.Static.Embed(t)),
                 })
        {
            if (index.Count == 0) continue;
            var targets = new List<double>();
            var leads = new List<double>();
            var queryTop = new List<double>();
            var queries = 0;
            foreach (var jq in judged)
            {
                var sought = jq.Grades.Where(g => g.Value == 2 && ids.ContainsKey(g.Key)).Select(g => index.Get(ids[g.Key])).OfType<float[]>().ToList();
                if (sought.Count == 0) continue;
                queries++;
                var v = embed(jq.Query);
                var near = index.Search(v, SearchService.FusionDepth);
                foreach (var t in sought)
                {
                    targets.Add(TensorPrimitives.Dot(v, t));
                    leads.Add(TensorPrimitives.Dot(v, t) - near[^1].Score);
                }
                if (near.Count > 0) queryTop.Add(near[0].Score);
            }
            var junkNear = JunkQueries().Select(q => index.Search(embed(q), SearchService.FusionDepth)).ToList();
            var junk = junkNear.Select(n => n.Count > 0 ? (double)n[0].Score : double.NegativeInfinity).ToArray();
            var chosen = Math.Ceiling((junk.Max() + Margin) * 100) / 100;
            voices.Add(new Voice(index.Model, index.Count, queries, [.. targets.Order()], [.. junk.Order()], [.. queryTop.Order()], chosen)
            {
                TargetLead = [.. leads.Order()],
                JunkLead = [.. junkNear.Where(n => n.Count > 0).Select(n => (double)(n[0].Score - n[^1].Score)).Order()],
            });
        }
        return voices;
    }

    public static string ToMarkdown(IReadOnlyList<Voice> voices)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        foreach (var v in voices)
        {
            sb.AppendLine(inv, $"{v.Model}: {v.Papers:N0} papers with vectors; {v.Queries} judged queries whose sought paper has one ({v.TargetSims.Length} sought papers); {v.JunkTop.Length} junk queries.");
            sb.AppendLine();
            sb.AppendLine(inv, $"- similarity of a query to the paper it seeks: p5 {Pct(v.TargetSims, 5):F3}, p10 {Pct(v.TargetSims, 10):F3}, p25 {Pct(v.TargetSims, 25):F3}, median {Pct(v.TargetSims, 50):F3}");
            sb.AppendLine(inv, $"- nearest paper to a judged query: p5 {Pct(v.QueryTop, 5):F3}, median {Pct(v.QueryTop, 50):F3}");
            sb.AppendLine(inv, $"- nearest paper to a junk query: median {Pct(v.JunkTop, 50):F3}, p95 {Pct(v.JunkTop, 95):F3}, max {v.JunkTop.Max():F3}");
            sb.AppendLine(inv, $"- lead over the query's {SearchService.FusionDepth}th neighbour: sought p5 {Pct(v.TargetLead, 5):F3}, p25 {Pct(v.TargetLead, 25):F3}, median {Pct(v.TargetLead, 50):F3}; junk's first: median {Pct(v.JunkLead, 50):F3}, p95 {Pct(v.JunkLead, 95):F3}, max {(v.JunkLead.Length > 0 ? v.JunkLead.Max() : double.NaN):F3}");
            foreach (var lead in new[] { 0.02, 0.04, 0.06, 0.08, 0.10, 0.12, 0.15 })
                sb.AppendLine(inv, $"  - lead ≥ {lead:F2}: sought {(v.TargetLead.Length == 0 ? 0 : v.TargetLead.Count(x => x >= lead) / (double)v.TargetLead.Length):P1}, junk admitted {(v.JunkLead.Length == 0 ? 0 : v.JunkLead.Count(x => x >= lead) / (double)v.JunkLead.Length):P1}");
            sb.AppendLine(inv, $"- cut-off chosen (max junk + {Margin}, rounded up): **{v.Chosen:F2}**, keeping {v.Kept(v.Chosen):P1} of sought papers");
            sb.AppendLine();
            sb.AppendLine("| cut-off | sought papers at or above | junk queries admitting a paper |");
            sb.AppendLine("|---:|---:|---:|");
            for (var c = 0.10; c <= 0.901; c += 0.05)
                sb.AppendLine(inv, $"| {c:F2} | {v.Kept(c):P1} | {v.JunkAdmitted(c):P1} |");
            sb.AppendLine();
        }
        return sb.ToString();
    }

    private static double Pct(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
