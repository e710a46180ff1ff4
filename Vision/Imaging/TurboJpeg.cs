using System.Runtime.InteropServices;

namespace Ledger.Vision.Imaging;

/// <summary>
/// The system's libjpeg-turbo (Debian's <c>libturbojpeg0</c>) decoding a JPEG's pixels with its SIMD routines. Skia
/// carries its own libjpeg-turbo built without them on x86, and a till's 640x480 frame took it 3.1 ms against 1.8 here:
/// the same library and the same algorithms (accurate integer IDCT, smooth chroma upsampling), so the same bytes, which
/// <c>TurboJpegTests</c> checks on every JPEG the tests have. Only a fast path: anything but a clean decode (a warning,
/// an error, a colour space it cannot turn into RGBA, no library on the machine) leaves the image to Skia, which then
/// decides and names the refusal exactly as before (docs/VISION.md, "Decoding a till's frames").
/// </summary>
internal static class TurboJpeg
{
    private const string Library = "libturbojpeg.so.0";

    // TurboJPEG's constants (turbojpeg.h, stable since 1.2): pixel format RGBA, accurate DCT, stop at the first warning.
    private const int PixelFormatRgba = 7;
    private const int FlagAccurateDct = 4096;
    private const int FlagStopOnWarning = 8192;
    private const int ColorspaceCmyk = 3;
    private const int ColorspaceYcck = 4;

    private static readonly Lazy<bool> Loaded = new(() => NativeLibrary.TryLoad(Library, typeof(TurboJpeg).Assembly, null, out _));

    /// <summary>Whether the library could be loaded on this machine.</summary>
    public static bool IsAvailable => Loaded.Value;

    /// <summary>
    /// Decodes <paramref name="jpeg"/> into <paramref name="rgba"/> (rows of <paramref name="rowBytes"/>, 4 bytes a pixel) when it is
    /// exactly a <paramref name="width"/> x <paramref name="height"/> image turbojpeg decodes without a warning.
    /// </summary>
    /// <returns>False when it did not, and the caller must decode it another way (what was written is then undefined).</returns>
    public static bool TryDecode(ReadOnlySpan<byte> jpeg, int width, int height, IntPtr rgba, int rowBytes)
    {
        if (!IsAvailable || jpeg.IsEmpty || rowBytes < width * 4)
            return false;
        var handle = tjInitDecompress();
        if (handle == IntPtr.Zero)
            return false;
        try
        {
            ref var first = ref MemoryMarshal.GetReference(jpeg);
            var size = (nuint)jpeg.Length;
            if (tjDecompressHeader3(handle, ref first, size, out var w, out var h, out _, out var colorspace) != 0
                || w != width || h != height || colorspace is ColorspaceCmyk or ColorspaceYcck)
                return false;
            return tjDecompress2(handle, ref first, size, rgba, width, rowBytes, height, PixelFormatRgba,
                FlagAccurateDct | FlagStopOnWarning) == 0;
        }
        finally
        {
            _ = tjDestroy(handle);
        }
    }

    [DllImport(Library)]
    private static extern IntPtr tjInitDecompress();

    [DllImport(Library)]
    private static extern int tjDecompressHeader3(IntPtr handle, ref byte jpeg, nuint size,
        out int width, out int height, out int subsampling, out int colorspace);

    [DllImport(Library)]
    private static extern int tjDecompress2(IntPtr handle, ref byte jpeg, nuint size,
        IntPtr destination, int width, int pitch, int height, int pixelFormat, int flags);

    [DllImport(Library)]
    private static extern int tjDestroy(IntPtr handle);
}
