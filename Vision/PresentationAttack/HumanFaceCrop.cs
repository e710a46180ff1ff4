using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;

namespace Ledger.Vision.PresentationAttack;

/// <summary>
/// The face crop <c>@vladmandic/human</c> 3.3.6 feeds its antispoof and liveness networks, step by step as
/// in its sources: <c>blazeface.ts</c> enlarges the detector box 1.4x and squares it (<c>enlargeBox</c>,
/// <c>squarifyBox</c>, corners rounded), <c>facemeshutil.ts</c> <c>cutAndResize</c> runs
/// <c>tf.image.cropAndResize</c> to the 192x192 face-mesh input, and each network's <c>predict</c> runs
/// <c>tf.image.resizeBilinear</c> to its own input. Written out by hand (not with Skia) because
/// cropAndResize samples on a corner-aligned grid that no canvas transform reproduces exactly.
/// </summary>
internal static class HumanFaceCrop
{
    /// <summary><c>config.face.detector.scale</c>.</summary>
    public const float Enlarge = 1.4f;

    /// <summary>Input side of human's face-mesh network (<c>models/facemesh.json</c>), the size every face tensor is cut to.</summary>
    public const int MeshInputSize = 192;

    /// <summary>The squared, enlarged box as corners (x1, y1, x2, y2) in whole pixels.</summary>
    public static (int X1, int Y1, int X2, int Y2) SquareBox(FaceBox face)
    {
        double cx = face.X + face.Width / 2.0, cy = face.Y + face.Height / 2.0;
        var half = Math.Max(face.Width * (double)Enlarge, face.Height * (double)Enlarge) / 2;
        return (JsRound(cx - half), JsRound(cy - half), JsRound(cx + half), JsRound(cy + half));
    }

    /// <summary>
    /// <c>tf.image.cropAndResize(image, [[y1/h, x1/w, y2/h, x2/w]], [0], [size, size])</c>: output row r samples
    /// source row y1/h*(h-1) + r*(y2-y1)/h*(h-1)/(size-1), bilinearly; samples outside the image are 0.
    /// </summary>
    /// <returns>size x size RGB floats (HWC), 0..255.</returns>
    public static float[] Cut(byte[] rgb, int width, int height, (int X1, int Y1, int X2, int Y2) box, int size = MeshInputSize) =>
        Cut(new PixelWindow(rgb, 0, 0, width, 3), width, height, box, size);

    /// <summary>
    /// The crop of <paramref name="face"/> in <paramref name="image"/>, 192x192 RGB 0..255. Only the pixels the grid reads
    /// are copied out of the image (the box, not the whole frame), into a pooled buffer.
    /// </summary>
    public static float[] Cut(DecodedImage image, FaceBox face)
    {
        var box = SquareBox(face);
        var (width, height) = (image.Width, image.Height);
        var (top, left, yStep, xStep) = Grid(width, height, box, MeshInputSize);
        // Rows and columns the samples fall between, clipped to the image (samples outside it are 0 and read nothing).
        var (firstY, lastY) = Span(top * (height - 1), yStep, height);
        var (firstX, lastX) = Span(left * (width - 1), xStep, width);
        var (w, h) = (lastX - firstX + 1, lastY - firstY + 1);
        var pixels = ImagePixels.RentRgba(image, firstX, firstY, w, h);
        try
        {
            return Cut(new PixelWindow(pixels, firstX, firstY, w, 4), width, height, box, MeshInputSize);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(pixels);
        }
    }

    private static (int First, int Last) Span(double start, double step, int limit)
    {
        var end = start + (MeshInputSize - 1) * step;
        return (Math.Clamp((int)Math.Floor(Math.Min(start, end)), 0, limit - 1), Math.Clamp((int)Math.Ceiling(Math.Max(start, end)), 0, limit - 1));
    }

    // The sampling over a window of the image (the rows and columns the crop reads), pixels of any stride.
    private static float[] Cut(PixelWindow window, int width, int height, (int X1, int Y1, int X2, int Y2) box, int size)
    {
        var (top, left, yStep, xStep) = Grid(width, height, box, size);
        var output = new float[size * size * 3];
        for (var r = 0; r < size; r++)
        {
            var y = top * (height - 1) + r * yStep;
            if (y < 0 || y > height - 1)
                continue;
            int y0 = (int)Math.Floor(y), y1 = (int)Math.Ceiling(y);
            var dy = y - y0;
            for (var c = 0; c < size; c++)
            {
                var x = left * (width - 1) + c * xStep;
                if (x < 0 || x > width - 1)
                    continue;
                int x0 = (int)Math.Floor(x), x1 = (int)Math.Ceiling(x);
                var dx = x - x0;
                for (var k = 0; k < 3; k++)
                {
                    double tl = window.At(x0, y0, k), tr = window.At(x1, y0, k);
                    double bl = window.At(x0, y1, k), br = window.At(x1, y1, k);
                    var topRow = tl + (tr - tl) * dx;
                    var bottomRow = bl + (br - bl) * dx;
                    output[(r * size + c) * 3 + k] = (float)(topRow + (bottomRow - topRow) * dy);
                }
            }
        }
        return output;
    }

    // Where the sampling grid starts (fractions of the image) and its step (source pixels per output pixel).
    private static (double Top, double Left, double YStep, double XStep) Grid(int width, int height, (int X1, int Y1, int X2, int Y2) box, int size)
    {
        double top = (double)box.Y1 / height, left = (double)box.X1 / width;
        double bottom = (double)box.Y2 / height, right = (double)box.X2 / width;
        return (top, left, (bottom - top) * (height - 1) / (size - 1), (right - left) * (width - 1) / (size - 1));
    }

    private readonly record struct PixelWindow(byte[] Pixels, int X0, int Y0, int Width, int Stride)
    {
        public byte At(int x, int y, int channel) => Pixels[((y - Y0) * Width + (x - X0)) * Stride + channel];
    }

    /// <summary>
    /// <c>tf.image.resizeBilinear(x, [size, size], false)</c> of a square HWC RGB tensor: output pixel i samples
    /// source i * in/out (no corner alignment, no half-pixel centres), the last row and column clamped.
    /// </summary>
    public static float[] Resize(float[] square, int side, int size)
    {
        var scale = (double)side / size;
        var output = new float[size * size * 3];
        for (var r = 0; r < size; r++)
        {
            var y = r * scale;
            int y0 = (int)Math.Floor(y), y1 = Math.Min(side - 1, (int)Math.Ceiling(y));
            var dy = y - y0;
            for (var c = 0; c < size; c++)
            {
                var x = c * scale;
                int x0 = (int)Math.Floor(x), x1 = Math.Min(side - 1, (int)Math.Ceiling(x));
                var dx = x - x0;
                for (var k = 0; k < 3; k++)
                {
                    double tl = square[(y0 * side + x0) * 3 + k], tr = square[(y0 * side + x1) * 3 + k];
                    double bl = square[(y1 * side + x0) * 3 + k], br = square[(y1 * side + x1) * 3 + k];
                    var topRow = tl + (tr - tl) * dx;
                    var bottomRow = bl + (br - bl) * dx;
                    output[(r * size + c) * 3 + k] = (float)(topRow + (bottomRow - topRow) * dy);
                }
            }
        }
        return output;
    }

    /// <summary>JavaScript's Math.round: halves go up (C#'s default rounds them to even).</summary>
    private static int JsRound(double value) => (int)Math.Floor(value + 0.5);
}
