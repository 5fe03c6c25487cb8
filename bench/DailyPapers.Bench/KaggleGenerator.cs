using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace DailyPapers.Bench;

/// <summary>
/// Writes a Kaggle-snapshot-format JSONL file of COUNT papers scaled up from the real HF demo records: fresh
/// arXiv ids, real titles, abstracts and author lists recombined (title of one record, abstract of another, authors
/// of a third) so text statistics stay real while every record is distinct.
/// </summary>
public static class KaggleGenerator
{
    private static readonly string[] Categories =
        ["cs.CL", "cs.LG", "cs.CV", "cs.AI", "cs.RO", "stat.ML", "cs.IR", "cs.SD", "eess.AS", "cs.NE", "cs.CR", "math.OC"];

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[0], out var count) || count <= 0)
        {
            Console.Error.WriteLine("usage: gen-kaggle COUNT OUT.jsonl[.gz] [--source HF.jsonl.gz] [--seed N]");
            return 2;
        }
        var output = args[1];
        var source = Arg(args, "--source") ?? FindDemo();
        var seed = int.Parse(Arg(args, "--seed") ?? "42");

        var titles = new List<string>();
        var abstracts = new List<string>();
        var authorLists = new List<string[]>();
        using (var reader = new StreamReader(new GZipStream(File.OpenRead(source), CompressionMode.Decompress)))
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                using var doc = JsonDocument.Parse(line);
                var paper = doc.RootElement.GetProperty("paper");
                titles.Add(paper.GetProperty("title").GetString()!);
                abstracts.Add(paper.GetProperty("summary").GetString()!);
                authorLists.Add(paper.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray());
            }
        }
        Console.Error.WriteLine($"gen-kaggle: {titles.Count:N0} real records from {source}");

        var rng = new Random(seed);
        await using var file = File.Create(output);
        await using Stream s = output.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionLevel.Fastest) : file;
        await using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16);
        var start = new DateTime(2015, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            // 99,999 ids per month from 2015-01: unique and well formed (YYMM.NNNNN).
            var month = start.AddMonths(i / 99_999);
            var id = $"{month:yyMM}.{i % 99_999 + 1:D5}";
            var n = titles.Count;
            var title = titles[rng.Next(n)];
            var abs = abstracts[rng.Next(n)];
            var authors = authorLists[rng.Next(n)];
            var versions = 1 + rng.Next(3);
            var created = month.AddDays(rng.Next(28)).AddSeconds(rng.Next(86_400));
            var cats = Categories[rng.Next(Categories.Length)] + (rng.Next(2) == 0 ? " " + Categories[rng.Next(Categories.Length)] : "");
            var record = new Dictionary<string, object?>
            {
                ["id"] = id,
                ["submitter"] = authors.FirstOrDefault(),
                ["authors"] = string.Join(", ", authors),
                ["title"] = title,
                ["comments"] = rng.Next(3) == 0 ? $"{8 + rng.Next(20)} pages, {1 + rng.Next(9)} figures" : null,
                ["journal-ref"] = null,
                ["doi"] = null,
                ["report-no"] = null,
                ["categories"] = cats,
                ["license"] = "http://creativecommons.org/licenses/by/4.0/",
                ["abstract"] = "  " + abs + "\n",
                ["versions"] = Enumerable.Range(1, versions).Select(v => new Dictionary<string, string>
                {
                    ["version"] = $"v{v}",
                    ["created"] = created.AddDays(7 * (v - 1)).ToString("ddd, d MMM yyyy HH:mm:ss 'GMT'", System.Globalization.CultureInfo.InvariantCulture),
                }).ToList(),
                ["update_date"] = created.AddDays(7 * (versions - 1)).ToString("yyyy-MM-dd"),
                ["authors_parsed"] = authors.Select(a =>
                {
                    var sp = a.LastIndexOf(' ');
                    return sp < 0 ? new[] { a, "", "" } : new[] { a[(sp + 1)..], a[..sp], "" };
                }).ToList(),
            };
            await w.WriteLineAsync(JsonSerializer.Serialize(record));
            if ((i + 1) % 100_000 == 0) Console.Error.WriteLine($"gen-kaggle: {i + 1:N0} / {count:N0}");
        }
        Console.Error.WriteLine($"gen-kaggle: wrote {count:N0} records to {output}");
        return 0;
    }

    internal static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    internal static string FindDemo()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var f = Path.Combine(dir.FullName, "data", "demo", "hf-daily-papers-2024-05-27_2026-08-21.jsonl.gz");
            if (File.Exists(f)) return f;
        }
        throw new FileNotFoundException("demo corpus not found; pass --source");
    }
}
