namespace Ledger.Vision.Imaging;

/// <summary>
/// Bounds applied to an encoded image before any pixel is decoded, so that a hostile upload
/// (a huge file, a decompression bomb announcing gigapixels in a tiny header) costs nothing.
/// </summary>
/// <param name="MaxBytes">Largest accepted encoded size. A terminal capture is well under 2 MB.</param>
/// <param name="MaxPixels">Largest accepted width x height read from the header (the decoded RGBA buffer is 4 bytes per pixel).</param>
/// <param name="MaxSide">Largest accepted width or height, whatever the pixel count.</param>
public sealed record ImageLimits(long MaxBytes = 16 * 1024 * 1024, long MaxPixels = 24_000_000, int MaxSide = 12_000)
{
    /// <summary>The defaults: 16 MiB, 24 megapixels, 12,000 px per side.</summary>
    public static ImageLimits Default { get; } = new();
}
