using System.Numerics.Tensors;

namespace DailyPapers.Search;

/// <summary>
/// Exact in-process nearest-neighbour search over unit vectors (dot product = cosine). A flat float32 scan with
/// SIMD (TensorPrimitives) answers in about a millisecond at 10k papers and ~40 ms at 200k; an int8 first pass
/// with f32 rescoring is the next step for a million (see issue 3's figures). Thread-safe: writers lock, readers
/// scan a snapshot of the arrays.
/// </summary>
public sealed class VectorIndex(string model, int dims)
{
    private readonly object _lock = new();
    private readonly Dictionary<long, int> _slotOf = [];
    private float[] _vectors = new float[dims * 1024];
    private long[] _paperIds = new long[1024];
    private int _count;

    public string Model => model;
    public int Dims => dims;
    public int Count => Volatile.Read(ref _count);
    /// <summary>Highest embedding row id loaded (what the follower continues from).</summary>
    public long LoadedRowId { get; set; }

    public void Upsert(long paperId, ReadOnlySpan<float> vector)
    {
        if (vector.Length != dims) throw new ArgumentException($"vector index {model}: vector has {vector.Length} dims, expected {dims}");
        lock (_lock)
        {
            if (!_slotOf.TryGetValue(paperId, out var slot))
            {
                slot = _count;
                if (slot == _paperIds.Length)
                {
                    var vs = new float[_vectors.Length * 2];
                    _vectors.CopyTo(vs, 0);
                    var ps = new long[_paperIds.Length * 2];
                    _paperIds.CopyTo(ps, 0);
                    _vectors = vs;
                    _paperIds = ps;
                }
                _paperIds[slot] = paperId;
                _slotOf[paperId] = slot;
                vector.CopyTo(_vectors.AsSpan(slot * dims, dims));
                Volatile.Write(ref _count, slot + 1);
            }
            else vector.CopyTo(_vectors.AsSpan(slot * dims, dims));
        }
    }

    public float[]? Get(long paperId)
    {
        lock (_lock) return _slotOf.TryGetValue(paperId, out var s) ? _vectors.AsSpan(s * dims, dims).ToArray() : null;
    }

    /// <summary>The <paramref name="k"/> nearest papers, best first, among those <paramref name="allowed"/> (null: all).</summary>
    public List<(long PaperId, float Score)> Search(ReadOnlySpan<float> query, int k, ISet<long>? allowed = null, long exclude = -1)
    {
        float[] vectors;
        long[] ids;
        int count;
        lock (_lock) { vectors = _vectors; ids = _paperIds; count = _count; }
        var heap = new PriorityQueue<long, float>(k + 1);
        for (var i = 0; i < count; i++)
        {
            var id = ids[i];
            if (id == exclude || (allowed is not null && !allowed.Contains(id))) continue;
            var s = TensorPrimitives.Dot(query, vectors.AsSpan(i * dims, dims));
            if (heap.Count < k) heap.Enqueue(id, s);
            else if (heap.TryPeek(out _, out var worst) && s > worst) heap.EnqueueDequeue(id, s);
        }
        var result = new List<(long, float)>(heap.Count);
        while (heap.TryDequeue(out var id, out var s)) result.Add((id, s));
        result.Reverse();
        return result;
    }
}
