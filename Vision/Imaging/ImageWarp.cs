using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
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
        var tensor = new float[width * height * 3];
        Render(image, sourceToOutput, width, height, tensor);
        return tensor;
    }

    /// <summary>
    /// <see cref="ToRgbTensor"/> into <paramref name="destination"/> (the first width x height x 3 floats): Skia resamples
    /// into a pooled RGBA buffer, which becomes floats four pixels at a time; nothing is allocated per call.
    /// </summary>
    public static void Render(DecodedImage image, Matrix3x2 sourceToOutput, int width, int height, Span<float> destination)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var bytes = info.BytesSize;
        var pixels = ArrayPool<byte>.Shared.Rent(bytes);
        var pinned = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using (var surface = SKSurface.Create(info, pinned.AddrOfPinnedObject(), info.RowBytes)
                                 ?? throw new InvalidOperationException($"Skia cannot draw a {width}x{height} surface."))
            {
                var canvas = surface.Canvas;
                canvas.Clear(SKColors.Black);
                canvas.SetMatrix(ToSkia(sourceToOutput));
                canvas.DrawImage(image.Image, 0, 0, Bilinear, null);
            }
            RgbaToRgbFloats.Convert(pixels.AsSpan(0, bytes), destination[..(width * height * 3)]);
        }
        finally
        {
            pinned.Free();
            ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    /// <summary>
    /// Scale-and-pad to a square of <paramref name="size"/> as face-api.js's detectors expect: the image at the
    /// top-left, black bottom/right. A positive <paramref name="border"/> (fraction of the longer side) first
    /// surrounds the image with black, which lets a detector see a face that fills the whole frame.
    /// </summary>
    public static Letterbox LetterboxTopLeft(DecodedImage image, int size, float border = 0)
    {
        var tensor = new float[size * size * 3];
        return LetterboxTopLeft(image, size, border, tensor) with { Tensor = tensor };
    }

    /// <summary>
    /// <see cref="LetterboxTopLeft(DecodedImage, int, float)"/> into <paramref name="destination"/> (size x size x 3 floats);
    /// the returned letterbox maps boxes back and holds no tensor of its own.
    /// </summary>
    public static Letterbox LetterboxTopLeft(DecodedImage image, int size, float border, Span<float> destination) =>
        LetterboxTopLeft(image, size, size, border, destination);

    /// <summary>
    /// The top <paramref name="rows"/> rows of <see cref="LetterboxTopLeft(DecodedImage, int, float, Span{float})"/>'s square
    /// (size x rows x 3 floats): for a landscape image the rows below are letterbox black, and a detector that takes fewer
    /// rows need not be fed them.
    /// </summary>
    public static Letterbox LetterboxTopLeft(DecodedImage image, int size, int rows, float border, Span<float> destination)
    {
        var pad = border * Math.Max(image.Width, image.Height);
        var scale = size / (Math.Max(image.Width, image.Height) + 2 * pad);
        var transform = Matrix3x2.CreateTranslation(pad, pad) * Matrix3x2.CreateScale(scale);
        Render(image, transform, size, rows, destination);
        return new Letterbox([], size, scale, pad);
    }

    /// <summary>
    /// Whether a <paramref name="width"/> x <paramref name="height"/> image, letterboxed with <paramref name="border"/> into a
    /// square, fills no more than its top <paramref name="rows"/> rows of <paramref name="size"/> (640 x 480 fills 384 of 512).
    /// </summary>
    public static bool FillsTopRows(int width, int height, float border, int size, int rows)
    {
        var pad = border * Math.Max(width, height);
        return (height + 2 * pad) * size <= rows * (Math.Max(width, height) + 2 * pad);
    }

    internal static SKMatrix ToSkia(Matrix3x2 m) => new(m.M11, m.M21, m.M31, m.M12, m.M22, m.M32, 0, 0, 1);
}

/// <summary>A square network input holding the image (after a black border of <see cref="Border"/> source pixels) scaled by <see cref="Scale"/> at its top-left corner.</summary>
/// <param name="Tensor">RGB HWC floats, 0..255 (empty when the letterbox was drawn into a caller's buffer).</param>
/// <param name="Size">Side of the square in pixels.</param>
/// <param name="Scale">Input pixels per source pixel.</param>
/// <param name="Border">Black border added on each side, in source pixels.</param>
public sealed record Letterbox(float[] Tensor, int Size, float Scale, float Border)
{
    /// <summary>Maps a box in input pixels back to source-image pixels.</summary>
    public Detection.FaceBox ToSource(Detection.FaceBox box) =>
        new(box.X / Scale - Border, box.Y / Scale - Border, box.Width / Scale, box.Height / Scale, box.Score);
}
