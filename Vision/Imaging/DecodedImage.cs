using SkiaSharp;

namespace Ledger.Vision.Imaging;

/// <summary>
/// A decoded image in display orientation (EXIF orientation applied), RGBA in memory.
/// Owns native memory: dispose it.
/// </summary>
public sealed class DecodedImage : IDisposable
{
    internal DecodedImage(SKImage image, ImageFormat format)
    {
        Image = image;
        Format = format;
    }

    internal SKImage Image { get; }

    /// <summary>The encoded format it came from.</summary>
    public ImageFormat Format { get; }

    /// <summary>Width in pixels, after orientation.</summary>
    public int Width => Image.Width;

    /// <summary>Height in pixels, after orientation.</summary>
    public int Height => Image.Height;

    /// <inheritdoc />
    public void Dispose() => Image.Dispose();
}
