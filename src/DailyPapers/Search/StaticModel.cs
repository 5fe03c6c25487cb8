using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace DailyPapers.Search;

/// <summary>
/// A static embedding model distilled from MiniLM's own vocabulary: every wordpiece is embedded once by the full
/// model (as "[CLS] piece [SEP]"), and a document is the normalised mean of its wordpieces' vectors. No network
/// runs per document, so it embeds thousands of documents per second: instant coverage of a fresh corpus while
/// full MiniLM catches up (both are fused at query time). The table is derived, cached next to the model.
/// </summary>
public sealed class StaticModel
{
    public const string Name = "minilm-static-v1";
    public const int Dims = MiniLmModel.Dims;
    /// <summary>Ids below this in the BERT uncased vocabulary are padding, [unusedN], specials and single symbols.</summary>
    private const int FirstWordId = 1996;
    /// <summary>Wordpieces read per document; the mean settles long before.</summary>
    private const int MaxTokens = 512;

    private readonly float[] _table;
    private readonly bool[] _skip;
    private readonly MiniLmModel _tokenizerSource;

    private StaticModel(MiniLmModel model, float[] table)
    {
        _tokenizerSource = model;
        _table = table;
        var vocab = table.Length / Dims;
        _skip = new bool[vocab];
        for (var i = 0; i < Math.Min(FirstWordId, vocab); i++) _skip[i] = true;
        foreach (var w in PaperAnalyzer.StopWords)
            foreach (var id in model.Tokenizer.EncodeToIds(w, 8, out _, out _))
                if (id < vocab) _skip[id] = true;
    }

    /// <summary>Wordpieces embedded per ONNX run: single-piece sequences are tiny, so big batches keep the matrix kernels busy.</summary>
    public const int BuildBatch = 1024;

    /// <summary>Loads the cached table, or builds it with the full model (~10–20 s on 2 cores) and caches it.</summary>
    public static StaticModel LoadOrBuild(MiniLmModel model, Action<string>? log = null)
    {
        var file = Path.Combine(model.Folder, Name + ".f32");
        var vocab = File.ReadLines(Path.Combine(model.Folder, "vocab.txt")).Count();
        if (File.Exists(file) && new FileInfo(file).Length == (long)vocab * Dims * sizeof(float))
            return new StaticModel(model, MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(file)).ToArray());
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var table = BuildTable(model, FirstWordId, vocab, vocab, log);
        AtomicFile.Write(file, f => f.Write(MemoryMarshal.AsBytes(table.AsSpan())));
        log?.Invoke($"static model: {vocab - FirstWordId:N0} wordpieces embedded in {sw.Elapsed.TotalSeconds:N1} s, cached in {file}");
        return new StaticModel(model, table);
    }

    /// <summary>
    /// Rows [<paramref name="from"/>, <paramref name="to"/>) of the table (each "[CLS] piece [SEP]" through the
    /// full model); rows outside stay zero (they are skipped when embedding anyway).
    /// </summary>
    public static float[] BuildTable(MiniLmModel model, int from, int to, int vocab, Action<string>? log = null)
    {
        var table = new float[(long)vocab * Dims];
        for (var start = from; start < to; start += BuildBatch)
        {
            var n = Math.Min(BuildBatch, to - start);
            var ids = new IReadOnlyList<int>[n];
            for (var k = 0; k < n; k++) ids[k] = [101, start + k, 102]; // [CLS] piece [SEP]
            var vectors = model.EmbedIds(ids, BuildBatch);
            for (var k = 0; k < n; k++) vectors[k].CopyTo(table, (long)(start + k) * Dims);
            if ((start - from) / BuildBatch % 8 == 0) log?.Invoke($"static model: {start - from:N0} of {to - from:N0} wordpieces");
        }
        return table;
    }

    public float[] Embed(string text)
    {
        var v = new float[Dims];
        var ids = _tokenizerSource.Tokenizer.EncodeToIds(text, MaxTokens, out _, out _);
        var n = 0;
        foreach (var id in ids)
        {
            if (id >= _skip.Length || _skip[id]) continue;
            TensorPrimitives.Add(v, _table.AsSpan(id * Dims, Dims), v);
            n++;
        }
        VectorMath.Normalize(v);
        return v;
    }
}
