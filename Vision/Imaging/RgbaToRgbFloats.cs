using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ledger.Vision.Imaging;

/// <summary>
/// Skia's RGBA bytes to the networks' RGB floats (HWC, 0..255), alpha dropped: four pixels at a time with
/// <see cref="Vector128"/> (one shuffle drops alpha, two widenings reach 32 bits, one conversion to float), so the
/// tensor is filled without a managed loop per pixel. The same values as a scalar loop, bit for bit: every byte value
/// is exact in a float.
/// </summary>
internal static class RgbaToRgbFloats
{
    /// <summary>Writes <paramref name="rgba"/>.Length / 4 pixels into the first 3/4 of that many floats of <paramref name="rgb"/>.</summary>
    public static void Convert(ReadOnlySpan<byte> rgba, Span<float> rgb)
    {
        var pixels = rgba.Length / 4;
        if (rgb.Length < pixels * 3)
            throw new ArgumentException($"{pixels} pixels need {pixels * 3} floats, the destination has {rgb.Length}.", nameof(rgb));
        var i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            ref var source = ref MemoryMarshal.GetReference(rgba);
            ref var target = ref MemoryMarshal.GetReference(rgb);
            // R, G, B of four pixels into the first 12 lanes; the last four are never stored.
            var dropAlpha = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0, 0, 0, 0);
            for (; i + 4 <= pixels; i += 4)
            {
                var packed = Vector128.Shuffle(Vector128.LoadUnsafe(ref source, (nuint)(i * 4)), dropAlpha);
                var (low, high) = Vector128.Widen(packed);
                var (a, b) = Vector128.Widen(low);
                var c = Vector128.WidenLower(high);
                ref var o = ref Unsafe.Add(ref target, i * 3);
                Vector128.ConvertToSingle(a.AsInt32()).StoreUnsafe(ref o);
                Vector128.ConvertToSingle(b.AsInt32()).StoreUnsafe(ref o, 4);
                Vector128.ConvertToSingle(c.AsInt32()).StoreUnsafe(ref o, 8);
            }
        }
        for (; i < pixels; i++)
        {
            rgb[i * 3] = rgba[i * 4];
            rgb[i * 3 + 1] = rgba[i * 4 + 1];
            rgb[i * 3 + 2] = rgba[i * 4 + 2];
        }
    }
}
