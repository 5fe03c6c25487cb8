using System.Diagnostics;
using System.IO.Compression;
using System.Numerics.Tensors;
using System.Text.Json;
using DailyPapers.Search;

namespace DailyPapers.Bench;

/// <summary>
/// <c>search-scale N</c>: a full-text index and a vector index of N papers scaled up from the real demo records
/// (title of one record, abstract of another, authors of a third, fresh ids), then ≥ 1,000 mixed queries timed
/// server-side for BM25 (a page of 20 with highlights), vectors (query embedded by full MiniLM + int8 scan with
/// float16 rescoring) and hybrid (both, fused, page highlighted). Vectors are synthetic but shaped like real ones:
/// the static-model vector of the real title plus that of the real abstract plus 5 % noise, normalised. Also
/// prints build time, index size on disk, RSS, and recall@10 of the int8 scan against exact float32 search.
/// </summary>
public static class SearchScaleBench
{
    private const int DefaultQueries = 1200, RecallQueries = 50, PageSize = 20, NoiseRows = 4096;
    private const float NoiseShare = 0.05f;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 1 || !int.TryParse(args[0], out var n) || n <= 0)
        {
            Console.Error.WriteLine("usage: search-scale N [--source HF.jsonl.gz] [--models DIR] [--keep DIR [--reuse]] [--queries Q]");
            return 2;
        }
        var source = KaggleGenerator.Arg(args, "--source") ?? KaggleGenerator.FindDemo();
        var models = KaggleGenerator.Arg(args, "--models") ?? SearchPaths.ModelCache(Path.Combine(Path.GetTempPath(), "dp-bench"));
        var folder = KaggleGenerator.Arg(args, "--keep") ?? Path.Combine(Path.GetTempPath(), $"dp-search-scale-{Environment.ProcessId}");
        var queryCount = int.TryParse(KaggleGenerator.Arg(args, "--queries"), out var qc) && qc > 0 ? qc : DefaultQueries;
        var (titles, abstracts, authors, keywords) = await ReadDemoAsync(source);
        Console.WriteLine($"search-scale: {n:N0} papers from {titles.Count:N0} real records; {Environment.ProcessorCount} cores, load {Load()}");

        using var model = MiniLmModel.Load(models);
        var stat = StaticModel.LoadOrBuild(model, Console.Error.WriteLine);
        var sw = Stopwatch.StartNew();
        var titleVec = titles.AsParallel().AsOrdered().Select(stat.Embed).ToArray();
        var absVec = abstracts.AsParallel().AsOrdered().Select(stat.Embed).ToArray();
        var noise = new float[NoiseRows][];
        var nrng = new Random(3);
        for (var i = 0; i < NoiseRows; i++)
        {
            noise[i] = Enumerable.Range(0, StaticModel.Dims).Select(_ => (float)(nrng.NextDouble() * 2 - 1)).ToArray();
            VectorMath.Normalize(noise[i]);
        }
        Console.WriteLine($"static vectors of {titles.Count:N0} real titles and abstracts: {sw.Elapsed.TotalSeconds:N1} s");

        var rng = new Random(42);
        var pick = new (int T, int A, int Au)[n];
        for (var i = 0; i < n; i++) pick[i] = (rng.Next(titles.Count), rng.Next(abstracts.Count), rng.Next(authors.Count));
        float[] VectorOf(int i)
        {
            var v = new float[StaticModel.Dims];
            TensorPrimitives.Add(titleVec[pick[i].T], absVec[pick[i].A], v);
            TensorPrimitives.MultiplyAdd(noise[(int)((uint)(i * 7919) % NoiseRows)], NoiseShare * 2, v, v);
            VectorMath.Normalize(v);
            return v;
        }

        // --reuse with --keep: time queries against an index kept by an earlier run of the same N (code changes
        // that leave the index format alone are measured without the minutes of building).
        var reuse = args.Contains("--reuse") && KaggleGenerator.Arg(args, "--keep") is not null;
        if (!reuse && Directory.Exists(folder)) Directory.Delete(folder, true);
        sw.Restart();
        using var index = LuceneIndex.Open(folder);
        if (reuse && index.Count != n) throw new InvalidOperationException($"search-scale --reuse: {folder} holds {index.Count:N0} papers, not {n:N0}");
        string[] cats = ["cs.CL", "cs.LG", "cs.CV", "cs.AI", "cs.RO", "stat.ML"];
        const int batch = 5000;
        for (var start = reuse ? n : 0; start < n; start += batch)
        {
            var docs = Enumerable.Range(start, Math.Min(batch, n - start)).Select(i => new SearchDoc
            {
                PaperId = i + 1,
                ArxivId = $"{1501 + i / 99_999 % 100:D4}.{i % 99_999 + 1:D5}",
                Title = titles[pick[i].T],
                Abstract = abstracts[pick[i].A],
                Authors = authors[pick[i].Au],
                Categories = [cats[i % cats.Length]],
                Upvotes = i % 50,
                Published = new DateOnly(2015, 1, 1).AddDays(i % 4000),
            });
            index.Upsert(docs);
            if ((start / batch) % 20 == 19) Console.Error.WriteLine($"  indexed {start + batch:N0}, {sw.Elapsed.TotalSeconds:N0} s, ws {Mib(Process.GetCurrentProcess().WorkingSet64)} MiB");
        }
        index.MarkApplied(n, durable: true);
        index.Refresh();
        var luceneS = sw.Elapsed.TotalSeconds;
        var luceneBytes = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

        sw.Restart();
        var vectors = new VectorIndex(MiniLmModel.Name, MiniLmModel.Dims);
        vectors.Reserve(n);
        for (var i = 0; i < n; i++) vectors.Upsert(i + 1, VectorOf(i));
        var vectorS = sw.Elapsed.TotalSeconds;
        GC.Collect();
        Console.WriteLine($"build: full-text {luceneS:N1} s ({n / luceneS:N0} docs/s), {Mib(luceneBytes):N0} MiB on disk; vectors {vectorS:N1} s, {Mib(vectors.RowBytes):N0} MiB in memory (int8 + float16); RSS {Mib(Process.GetCurrentProcess().WorkingSet64):N0} MiB");

        // Mixed queries: 3–5 words of a real title, 2–3 AI keywords, a 12-word abstract slice; a third each.
        var queries = new List<string>(queryCount);
        var qr = new Random(11);
        while (queries.Count < queryCount)
        {
            var r = qr.Next(titles.Count);
            string? q = (queries.Count % 3) switch
            {
                0 => Words(titles[r], qr.Next(4), 3 + qr.Next(3)),
                1 => keywords[r].Length >= 2 ? string.Join(' ', keywords[r].OrderBy(_ => qr.Next()).Take(2 + qr.Next(2))) : null,
                _ => Words(abstracts[r], qr.Next(20), 12),
            };
            if (!string.IsNullOrWhiteSpace(q)) queries.Add(q);
        }
        var bm25 = new List<double>();
        var bm25One = new List<double>();
        var vec = new List<double>();
        var hyb = new List<double>();
        var hybOne = new List<double>();
        var rank = new List<double>();
        var marks = new List<double>();
        // Warm-up: JIT, ONNX Runtime arenas, Lucene caches.
        foreach (var q in queries.Take(30)) { index.Search(new SearchQuery { Text = q, Limit = PageSize }); vectors.Search(model.EmbedOne(q), SearchService.FusionDepth); }
        var qi = 0;
        foreach (var q in queries)
        {
            // Each query both ways, the first one alternating: on one core (as before) and on all cores
            // (LuceneIndex.AllCores, the vector voice beside BM25), so a busy shared machine loads both alike.
            foreach (var allCores in (qi++ % 2 == 0) ? new[] { false, true } : [true, false])
            {
                index.AllCores = allCores;
                var t0 = Stopwatch.StartNew();
                index.Search(new SearchQuery { Text = q, Limit = PageSize });
                (allCores ? bm25 : bm25One).Add(t0.Elapsed.TotalMilliseconds);

                t0.Restart();
                var sq = new SearchQuery { Text = q, Limit = PageSize };
                IReadOnlyList<long> lex;
                IReadOnlyList<(long PaperId, float Score)> vh;
                if (allCores)
                {
                    // As SearchService.SearchAsync: the vector voice embeds and scans on another thread while BM25 ranks.
                    var vt = Task.Run(() => vectors.Search(model.EmbedOne(q), SearchService.FusionDepth));
                    lex = index.TopIds(sq, SearchService.FusionDepth).Ids;
                    vh = await vt;
                }
                else
                {
                    lex = index.TopIds(sq, SearchService.FusionDepth).Ids;
                    vh = vectors.Search(model.EmbedOne(q), SearchService.FusionDepth);
                }
                var fused = SearchService.Fuse([(lex, 1.0), (vh.Select(h => h.PaperId).ToList(), 1.0)]);
                index.Highlight(fused.Take(PageSize).Select(f => f.PaperId).ToList(), q);
                (allCores ? hyb : hybOne).Add(t0.Elapsed.TotalMilliseconds);
            }

            var t = Stopwatch.StartNew();
            var hits = vectors.Search(model.EmbedOne(q), SearchService.FusionDepth);
            index.Highlight(hits.Take(PageSize).Select(h => h.PaperId).ToList(), q);
            vec.Add(t.Elapsed.TotalMilliseconds);

            // Where the BM25 time goes (all cores): ranking alone, then highlighting that page alone.
            t.Restart();
            var (page, _, _) = index.TopIds(new SearchQuery { Text = q }, PageSize);
            rank.Add(t.Elapsed.TotalMilliseconds);
            t.Restart();
            index.Highlight(page, q);
            marks.Add(t.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine($"latency over {queries.Count:N0} mixed queries (ms, server-side, sequential; load {Load()}):");
        Console.WriteLine("| mode | p50 | p90 | p99 | mean |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var (name, list) in new[] { ("BM25 (page of 20, highlighted), one core", bm25One), ("BM25 (page of 20, highlighted), all cores", bm25), ("vector (MiniLM query + int8 scan + rescoring)", vec), ("hybrid (BM25 + vector, RRF, page highlighted), one core", hybOne),
            ("hybrid (BM25 + vector, RRF, page highlighted), all cores", hyb),
            ("BM25 ranking alone (top 20, no highlights)", rank), ("highlighting alone (the BM25 page of 20)", marks) })
        {
            list.Sort();
            Console.WriteLine($"| {name} | {ImportBench.Percentile(list, 0.5):F1} | {ImportBench.Percentile(list, 0.9):F1} | {ImportBench.Percentile(list, 0.99):F1} | {list.Average():F1} |");
        }

        // recall@10 of the index against exact float32 search (vectors regenerated row by row).
        double recall = 0;
        foreach (var q in queries.Take(RecallQueries))
        {
            var qv = model.EmbedOne(q);
            var got = vectors.Search(qv, 10).Select(h => h.PaperId).ToHashSet();
            var exact = new PriorityQueue<long, float>();
            for (var i = 0; i < n; i++)
            {
                var s = TensorPrimitives.Dot(qv, VectorOf(i));
                if (exact.Count < 10) exact.Enqueue(i + 1, s);
                else exact.EnqueueDequeue(i + 1, s);
            }
            var truth = exact.UnorderedItems.Select(x => x.Element).ToList();
            recall += truth.Count(got.Contains) / 10.0;
        }
        var proc = Process.GetCurrentProcess();
        Console.WriteLine($"vector recall@10 vs exact float32 over {RecallQueries} queries: {recall / RecallQueries:F4}");
        Console.WriteLine($"RSS {Mib(proc.WorkingSet64):N0} MiB, peak {Mib(proc.PeakWorkingSet64):N0} MiB; managed heap {Mib(GC.GetTotalMemory(false)):N0} MiB; .NET {Environment.Version}, {Environment.OSVersion}");
        if (KaggleGenerator.Arg(args, "--keep") is null) Directory.Delete(folder, true);
        return 0;
    }

    private static string Words(string text, int skip, int take)
    {
        var w = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        skip = Math.Min(skip, Math.Max(0, w.Length - take));
        return string.Join(' ', w.Skip(skip).Take(take));
    }

    private static long Mib(long bytes) => bytes / 1048576;

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static async Task<(List<string>, List<string>, List<string[]>, List<string[]>)> ReadDemoAsync(string source)
    {
        var titles = new List<string>();
        var abstracts = new List<string>();
        var authors = new List<string[]>();
        var keywords = new List<string[]>();
        using var reader = new StreamReader(new GZipStream(File.OpenRead(source), CompressionMode.Decompress));
        while (await reader.ReadLineAsync() is { } line)
        {
            using var doc = JsonDocument.Parse(line);
            var paper = doc.RootElement.GetProperty("paper");
            titles.Add(paper.GetProperty("title").GetString()!);
            abstracts.Add(paper.GetProperty("summary").GetString()!);
            authors.Add(paper.GetProperty("authors").EnumerateArray().Select(a => a.GetProperty("name").GetString()!).ToArray());
            keywords.Add(paper.TryGetProperty("ai_keywords", out var k) && k.ValueKind == JsonValueKind.Array
                ? k.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToArray() : []);
        }
        return (titles, abstracts, authors, keywords);
    }
}
