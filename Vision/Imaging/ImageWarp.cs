using System.Numerics;
using SkiaSharp;

namespace Ledger.Vision.Imaging;

/// <summary>
/// Resamples a region of an image into a network input: one affine map covers letterboxing for the
/// detectors, square crops for landmarks and the rotated chip for the embedding. Pixels outside the
/// source are black (0), as in face-api.js's zero padding.
/// </summary>
public static class ImageWarp
{
    // Plain bilinear, like tfjs's resizeBilinear that face-api.js feeds its detectors with. Mipmapped
    // (pre-filtered) downscaling was tried: 6x slower in Skia, and on bbt1 it cost tiny_face_detector a
    // borderline face (score 0.52 -> under 0.5) that plain bilinear keeps.
    private static readonly SKSamplingOptions Bilinear = new(SKFilterMode.Linear, SKMipmapMode.None);

    /// <summary>
    /// Writes an <paramref name="width"/> x <paramref name="height"/> RGB float tensor (HWC, values 0..255)
    /// where output pixel p shows source point <c>inverse(sourceToOutput)(p)</c>.
    /// </summary>
    public static float[] ToRgbTensor(DecodedImage image, Matrix3x2 sourceToOutput, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Black);
            canvas.SetMatrix(ToSkia(sourceToOutput));
            canvas.DrawImage(image.Image, 0, 0, Bilinear, null);
        }
        var pixels = bitmap.GetPixelSpan();
        var tensor = new float[width * height * 3];
        for (int i = 0, o = 0; i < pixels.Length; i += 4, o += 3)
        {
            tensor[o] = pixels[i];
            tensor[o + 1] = pixels[i + 1];
            tensor[o + 2] = pixels[i + 2];
        }
        return tensor;
    }

    /// <summary>
    /// Scale-and-pad to a square of <paramref name="size"/> as face-api.js's detectors expect: the image at the
    /// top-left, black bottom/right. A positive <paramref name="border"/> (fraction of the longer side) first
    /// surrounds the image with black, which lets a detector see a face that fills the whole frame.
    /// </summary>
    public static Letterbox LetterboxTopLeft(DecodedImage image, int size, float border = 0)
    {
        var pad = border * Math.Max(image.Width, image.Height);
        var scale = size / (Math.Max(image.Width, image.Height) + 2 * pad);
        var transform = Matrix3x2.CreateTranslation(pad, pad) * Matrix3x2.CreateScale(scale);
        return new Letterbox(ToRgbTensor(image, transform, size, size), size, scale, pad);
    }

    internal static SKMatrix ToSkia(Matrix3x2 m) => new(m.M11, m.M21, m.M31, m.M12, m.M22, m.M32, 0, 0, 1);
}

/// <summary>A square network input holding the image (after a black border of <see cref="Border"/> source pixels) scaled by <see cref="Scale"/> at its top-left corner.</summary>
/// <param name="Tensor">RGB HWC floats, 0..255.</param>
/// <param name="Size">Side of the square in pixels.</param>
/// <param name="Scale">Input pixels per source pixel.</param>
/// <param name="Border">Black border added on each side, in source pixels.</param>
public sealed record Letterbox(float[] Tensor, int Size, float Scale, float Border)
{
    /// <summary>Maps a box in input pixels back to source-image pixels.</summary>
    public Detection.FaceBox ToSource(Detection.FaceBox box) =>
        new(box.X / Scale - Border, box.Y / Scale - Border, box.Width / Scale, box.Height / Scale, box.Score);
}
