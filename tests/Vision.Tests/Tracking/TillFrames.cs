using SkiaSharp;

namespace Ledger.Vision.Tests.Tracking;

/// <summary>640x480 frames as a till's camera takes them: photos of ../shared/faces placed on a grey background, JPEG.</summary>
internal static class TillFrames
{
    public const int Width = 640;
    public const int Height = 480;

    /// <summary>Each photo scaled to <c>Height</c> pixels high with its top-left corner at <c>At</c>.</summary>
    public static byte[] Of(params (byte[] Photo, SKPoint At, float Height)[] faces)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(new SKColor(128, 128, 128));
        foreach (var (photo, at, height) in faces)
        {
            using var bitmap = SKBitmap.Decode(photo);
            using var image = SKImage.FromBitmap(bitmap);
            var width = bitmap.Width * height / bitmap.Height;
            surface.Canvas.DrawImage(image, SKRect.Create(at.X, at.Y, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
        }
        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, 90);
        return encoded.ToArray();
    }

    /// <summary>One photo 300 pixels high, in the middle of the frame shifted by <paramref name="dx"/>.</summary>
    public static byte[] Centred(byte[] photo, float dx = 0) => Of((photo, new SKPoint(170 + dx, 90), 300));

    /// <summary>A frame with nobody in it.</summary>
    public static byte[] Empty() => Of();
}
