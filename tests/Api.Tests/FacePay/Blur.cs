using SkiaSharp;

namespace Ledger.Api.Tests.FacePay;

/// <summary>An out-of-focus version of a real capture (Gaussian blur), for the sharpness gate.</summary>
internal static class Blur
{
    public static byte[] Png(byte[] image, float sigma)
    {
        using var source = SKBitmap.Decode(image);
        using var surface = SKSurface.Create(new SKImageInfo(source.Width, source.Height));
        using var paint = new SKPaint { ImageFilter = SKImageFilter.CreateBlur(sigma, sigma, SKShaderTileMode.Clamp) };
        surface.Canvas.DrawBitmap(source, 0, 0, paint);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
