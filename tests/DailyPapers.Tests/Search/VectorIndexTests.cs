using Xunit;
using System.Numerics.Tensors;
using DailyPapers.Search;

namespace DailyPapers.Tests.Search;

public class VectorIndexTests
{
    private static float[] Unit(Random rng, int dims)
    {
        var v = Enumerable.Range(0, dims).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        VectorMath.Normalize(v);
        return v;
    }

    private static List<long> Exact(IReadOnlyList<float[]> rows, float[] q, int k) =>
        rows.Select((r, i) => (Id: (long)i + 1, S: TensorPrimitives.Dot(q, r))).OrderByDescending(x => x.S).Take(k).Select(x => x.Id).ToList();

    /// <summary>Clustered vectors (like real embeddings: many near neighbours) are the hard case for int8.</summary>
    [Theory]
    [InlineData(5000, 384, 0)]
    [InlineData(70_000, 384, 1)] // large enough for the parallel scan
    [InlineData(3000, 37, 2)]    // dims not a multiple of the SIMD width
    public void Int8_scan_with_rescoring_finds_the_exact_top_10(int count, int dims, int seed)
    {
        var rng = new Random(seed);
        var centres = Enumerable.Range(0, 20).Select(_ => Unit(rng, dims)).ToList();
        var rows = new List<float[]>(count);
        for (var i = 0; i < count; i++)
        {
            var v = Unit(rng, dims);
            TensorPrimitives.MultiplyAdd(centres[i % centres.Count], 3f, v, v);
            VectorMath.Normalize(v);
            rows.Add(v);
        }
        var index = new VectorIndex("m", dims);
        for (var i = 0; i < count; i++) index.Upsert(i + 1, rows[i]);
        var hits = 0;
        const int queries = 40;
        for (var qi = 0; qi < queries; qi++)
        {
            var q = qi % 2 == 0 ? rows[rng.Next(count)].ToArray() : Unit(rng, dims);
            TensorPrimitives.MultiplyAdd(Unit(rng, dims), 0.2f, q, q);
            VectorMath.Normalize(q);
            var got = index.Search(q, 10).Select(h => h.PaperId).ToList();
            hits += Exact(rows, q, 10).Intersect(got).Count();
        }
        Assert.Equal(1.0, hits / (10.0 * queries));
    }

    [Fact]
    public void Filters_exclusion_and_overwrite_apply()
    {
        var rng = new Random(5);
        var index = new VectorIndex("m", 16);
        var rows = Enumerable.Range(0, 200).Select(_ => Unit(rng, 16)).ToList();
        for (var i = 0; i < rows.Count; i++) index.Upsert(i + 1, rows[i]);
        var q = rows[10];
        Assert.Equal(11, index.Search(q, 1)[0].PaperId);
        Assert.DoesNotContain(11, index.Search(q, 5, exclude: 11).Select(h => h.PaperId));
        var allowed = new HashSet<long> { 3, 4, 5 };
        Assert.All(index.Search(q, 10, allowed), h => Assert.Contains(h.PaperId, allowed));
        Assert.Equal(3, index.Search(q, 10, allowed).Count);
        index.Upsert(3, q); // overwrite in place
        Assert.Equal(200, index.Count);
        Assert.Contains(index.Search(q, 2)[0].PaperId, new long[] { 3, 11 });
        Assert.InRange(TensorPrimitives.CosineSimilarity(index.Get(3)!, q), 0.999f, 1.001f);
    }

    [Theory]
    [InlineData(new float[] { 1f, -0.5f, 0.25f, 0f }, new sbyte[] { 127, -64, 32, 0 })]
    [InlineData(new float[] { -0.2f, 0.1f }, new sbyte[] { -127, 64 })]
    [InlineData(new float[] { 0f, 0f }, new sbyte[] { 0, 0 })]
    public void Quantisation_scales_by_the_largest_magnitude(float[] v, sbyte[] expected)
    {
        var codes = new sbyte[v.Length];
        var scale = Int8Dot.Quantize(v, codes);
        Assert.Equal(expected, codes);
        if (v.Any(x => x != 0)) Assert.Equal(v.Max(Math.Abs) / 127f, scale, 6);
    }

    [Fact]
    public void Int8_dot_matches_a_scalar_sum_at_every_length()
    {
        var rng = new Random(9);
        for (var n = 0; n < 100; n++)
        {
            var q = Enumerable.Range(0, n).Select(_ => (short)rng.Next(-127, 128)).ToArray();
            var c = Enumerable.Range(0, n).Select(_ => (sbyte)rng.Next(-127, 128)).ToArray();
            Assert.Equal(q.Zip(c, (a, b) => a * b).Sum(), Int8Dot.Dot(q, c));
        }
    }
}
