using SkiaSharp;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>
/// A still held up to the camera as a picture (a print or a phone's screen) and tilted: the crop on a grey card,
/// turned about a vertical or horizontal axis through its centre and seen in perspective. Every view is a
/// plane-to-plane map of the still: what a live challenge's planarity test must refuse.
/// </summary>
internal static class TiltedPicture
{
    private const int Canvas = 300;

    /// <param name="yawDegrees">Turn about the vertical axis (the picture's right edge comes towards the camera when positive).</param>
    /// <param name="pitchDegrees">Turn about the horizontal axis.</param>
    /// <param name="distance">Viewing distance in picture pixels: smaller is stronger perspective.</param>
    public static byte[] Of(byte[] png, float yawDegrees, float pitchDegrees, float distance = 450)
    {
        using var still = SKBitmap.Decode(png);
        using var surface = SKSurface.Create(new SKImageInfo(Canvas, Canvas, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(new SKColor(128, 128, 128));
        var centre = Canvas / 2f;
        var (sy, cy) = MathF.SinCos(yawDegrees * MathF.PI / 180);
        var (sp, cp) = MathF.SinCos(pitchDegrees * MathF.PI / 180);
        // A picture in the plane z = 0 turned by yaw then pitch, projected from a pinhole at the viewing distance with focal
        // length equal to it (so an untilted picture keeps its size).
        var turn = new SKMatrix
        {
            ScaleX = cy, SkewX = 0, TransX = 0,
            SkewY = sy * sp, ScaleY = cp, TransY = 0,
            Persp0 = sy * cp / distance, Persp1 = -sp / distance, Persp2 = 1,
        };
        var matrix = SKMatrix.CreateTranslation(centre, centre).PreConcat(turn).PreConcat(SKMatrix.CreateTranslation(-still.Width / 2f, -still.Height / 2f));
        canvas.SetMatrix(matrix);
        using var paint = new SKPaint();
        canvas.DrawImage(SKImage.FromBitmap(still), 0, 0, new SKSamplingOptions(SKFilterMode.Linear), paint);
        canvas.Flush();
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
