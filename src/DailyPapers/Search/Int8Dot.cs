using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DailyPapers.Search;

/// <summary>
/// int8 quantisation of unit vectors and a widening int8 × int16 dot product (AVX-512BW or AVX2 multiply-add,
/// else scalar). Rows keep one scale each (max |component| / 127), so ranking by <c>Dot × scale</c> approximates
/// the float32 cosine to about 1e-3; <see cref="VectorIndex"/> rescores the best candidates exactly.
/// </summary>
public static class Int8Dot
{
    public const int Levels = 127;

    /// <summary>Writes the int8 codes of <paramref name="v"/> and returns the row scale (value of one code step).</summary>
    public static float Quantize(ReadOnlySpan<float> v, Span<sbyte> codes)
    {
        // MaxMagnitude returns the signed value of largest magnitude, hence Abs.
        var max = v.Length == 0 ? 0f : Math.Abs(TensorPrimitives.MaxMagnitude(v));
        if (max == 0 || !float.IsFinite(max)) { codes.Clear(); return 0f; }
        var f = Levels / max;
        for (var i = 0; i < v.Length; i++) codes[i] = (sbyte)Math.Clamp(MathF.Round(v[i] * f), -Levels, Levels);
        return max / Levels;
    }

    /// <summary>The query side as int16 codes (same grid as rows; its scale is a constant factor and dropped).</summary>
    public static void QuantizeQuery(ReadOnlySpan<float> v, Span<short> codes)
    {
        var max = v.Length == 0 ? 0f : Math.Abs(TensorPrimitives.MaxMagnitude(v));
        if (max == 0 || !float.IsFinite(max)) { codes.Clear(); return; }
        var f = Levels / max;
        for (var i = 0; i < v.Length; i++) codes[i] = (short)Math.Clamp(MathF.Round(v[i] * f), -Levels, Levels);
    }

    /// <summary>Σ q[i]·c[i] over equal-length spans (products fit int16 pairs summed into int32 lanes).</summary>
    public static int Dot(ReadOnlySpan<short> q, ReadOnlySpan<sbyte> c)
    {
        if (q.Length != c.Length) throw new ArgumentException("int8 dot: lengths differ");
        ref var qr = ref MemoryMarshal.GetReference(q);
        ref var cr = ref MemoryMarshal.GetReference(c);
        var n = q.Length;
        var i = 0;
        var sum = 0;
        if (Avx512BW.IsSupported && n >= 32)
        {
            var acc = Vector512<int>.Zero;
            for (; i <= n - 32; i += 32)
            {
                var cv = Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref cr, (nuint)i));
                acc = Avx512F.Add(acc, Avx512BW.MultiplyAddAdjacent(cv, Vector512.LoadUnsafe(ref qr, (nuint)i)));
            }
            sum = Vector512.Sum(acc);
        }
        else if (Avx2.IsSupported && n >= 16)
        {
            var acc = Vector256<int>.Zero;
            for (; i <= n - 16; i += 16)
            {
                var cv = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref cr, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(cv, Vector256.LoadUnsafe(ref qr, (nuint)i)));
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum += q[i] * c[i];
        return sum;
    }
}
