using SkiaSharp;

namespace Ledger.Vision.Imaging;

/// <summary>Turns a decoded bitmap into display orientation: phones and some terminals store rotated JPEGs.</summary>
internal static class ExifOrientation
{
    public static SKImage Apply(SKBitmap bitmap, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
            return SKImage.FromBitmap(bitmap) ?? throw new InvalidOperationException("Skia refused the decoded bitmap.");

        float w = bitmap.Width, h = bitmap.Height;
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop
            or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        // Maps stored pixel coordinates to displayed ones, per the EXIF orientation tag values 2..8.
        var m = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => SKMatrix.Identity,
        };
        var info = new SKImageInfo(swaps ? bitmap.Height : bitmap.Width, swaps ? bitmap.Width : bitmap.Height,
            SKColorType.Rgba8888, bitmap.AlphaType);
        using var surface = SKSurface.Create(info);
        surface.Canvas.SetMatrix(m);
        using var image = SKImage.FromBitmap(bitmap);
        surface.Canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), null);
        return surface.Snapshot();
    }
}
