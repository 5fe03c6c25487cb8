using System.Text.Json;
using System.Text.RegularExpressions;
using DailyPapers.Storage;

namespace DailyPapers.Search;

/// <summary>
/// Builds the judged query set from the corpus in the database (deterministic for a seed):
/// <list type="bullet">
/// <item><c>keywords</c>: three of a paper's AI keywords; the paper is the one sought (grade 2). Evaluated with
/// the AI fields left out of the index side (<see cref="SearchQuery.SkipAiFields"/>).</item>
/// <item><c>paraphrase</c>: a 12–24 word slice from the middle of a paper's abstract (not its first sentence);
/// the paper is the one sought.</item>
/// <item><c>topical</c>: hand-written topics (data/eval/topics.jsonl), judged by regular expressions over title and
/// abstract: grade 1 when every <c>all</c> pattern matches, grade 2 when the <c>title</c> pattern also matches the title.</item>
/// </list>
/// </summary>
public static class JudgedSetBuilder
{
    public sealed record Topic(string Query, string[] All, string Title);

    public static async Task<List<JudgedQuery>> BuildAsync(PaperStore store, string topicsFile, int perKind = 250, int seed = 7, CancellationToken ct = default)
    {
        var docs = new List<SearchDoc>();
        for (long after = 0; ;)
        {
            var page = await store.GetSearchDocsAsync(after, 2000, ct);
            if (page.Count == 0) break;
            docs.AddRange(page);
            after = page[^1].PaperId;
        }
        var rng = new Random(seed);
        var shuffled = docs.OrderBy(_ => rng.Next()).ToList();
        var result = new List<JudgedQuery>();
        foreach (var d in shuffled.Where(d => d.AiKeywords.Count >= 3).Take(perKind))
        {
            var kws = d.AiKeywords.OrderBy(_ => rng.Next()).Take(3);
            result.Add(new JudgedQuery(string.Join(' ', kws), "keywords", new() { [d.ArxivId] = 2 }));
        }
        var used = result.SelectMany(q => q.Grades.Keys).ToHashSet();
        foreach (var d in shuffled.Where(d => !used.Contains(d.ArxivId)))
        {
            if (result.Count(q => q.Kind == "paraphrase") >= perKind) break;
            if (AbstractSlice(d.Abstract, rng) is { } slice)
                result.Add(new JudgedQuery(slice, "paraphrase", new() { [d.ArxivId] = 2 }));
        }
        foreach (var (line, i) in File.ReadLines(topicsFile).Select((l, i) => (l, i)).Where(x => x.l.Trim().Length > 0))
        {
            var t = JsonSerializer.Deserialize<Topic>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new FormatException($"eval: line {i + 1} of {topicsFile}: not a topic");
            var all = t.All.Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)).ToList();
            var title = new Regex(t.Title, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
            var grades = new Dictionary<string, int>();
            foreach (var d in docs)
            {
                var text = d.Title + "\n" + d.Abstract;
                if (all.All(r => r.IsMatch(text))) grades[d.ArxivId] = title.IsMatch(d.Title) ? 2 : 1;
            }
            if (grades.Count == 0) throw new InvalidOperationException($"eval: topic \"{t.Query}\" ({topicsFile} line {i + 1}) matches no paper");
            result.Add(new JudgedQuery(t.Query, "topical", grades));
        }
        return result;
    }

    private static readonly Regex SentenceEnd = new(@"(?<=[.!?])\s+(?=[A-Z])", RegexOptions.CultureInvariant);

    /// <summary>A window of 12–24 words from a sentence after the first, or null when the abstract is too short.</summary>
    internal static string? AbstractSlice(string abs, Random rng)
    {
        var sentences = SentenceEnd.Split(abs.Replace('\n', ' ')).Select(s => s.Trim()).ToList();
        var candidates = sentences.Skip(1).Select(s => s.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => w.Length >= 12).ToList();
        if (candidates.Count == 0) return null;
        var words = candidates[rng.Next(candidates.Count)];
        var len = Math.Min(words.Length, 12 + rng.Next(13));
        var start = rng.Next(words.Length - len + 1);
        return string.Join(' ', words.Skip(start).Take(len));
    }

    public static void Write(string path, IEnumerable<JudgedQuery> queries)
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        File.WriteAllLines(path, queries.Select(q => JsonSerializer.Serialize(q, o)));
    }
}
