using Ledger.Vision.Imaging;
using Xunit;

namespace Ledger.Vision.Tests.Imaging;

public sealed class RgbaToRgbFloatsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(112 * 112)]
    public void Every_pixel_becomes_its_red_green_and_blue_as_floats_and_alpha_is_dropped(int pixels)
    {
        // Given RGBA bytes covering every byte value, and a pixel count that leaves a tail after the blocks of four
        var rgba = new byte[pixels * 4];
        new Random(17).NextBytes(rgba);
        for (var i = 0; i < Math.Min(256, rgba.Length); i++) rgba[i] = (byte)i;
        var rgb = new float[pixels * 3 + 5];
        Array.Fill(rgb, -1f);

        // When
        RgbaToRgbFloats.Convert(rgba, rgb);

        // Then each channel is the byte's value, and nothing after the last pixel is written
        for (var p = 0; p < pixels; p++)
            for (var c = 0; c < 3; c++)
                Assert.Equal(rgba[p * 4 + c], rgb[p * 3 + c]);
        Assert.All(rgb[(pixels * 3)..], v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void A_destination_too_small_for_the_pixels_is_refused()
    {
        Assert.Throws<ArgumentException>(() => RgbaToRgbFloats.Convert(new byte[16], new float[11]));
    }

    [Fact]
    public void The_pooled_rendering_gives_the_tensor_a_bitmap_and_a_loop_per_pixel_give()
    {
        using var image = new ImageDecoder().Decode(Support.TestImages.Encode(200, 100));
        var transform = System.Numerics.Matrix3x2.CreateScale(0.37f) * System.Numerics.Matrix3x2.CreateRotation(0.2f);

        using var pooled = new PooledTensor(61 * 47 * 3);
        ImageWarp.Render(image, transform, 61, 47, pooled.Span);

        Assert.Equal(ByBitmap(image, transform, 61, 47), pooled.Span.ToArray());
    }

    // The rendering as it was before the pooled buffer: a bitmap of its own, then floats one pixel at a time.
    private static float[] ByBitmap(DecodedImage image, System.Numerics.Matrix3x2 m, int width, int height)
    {
        using var bitmap = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(width, height, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Premul));
        using (var canvas = new SkiaSharp.SKCanvas(bitmap))
        {
            canvas.Clear(SkiaSharp.SKColors.Black);
            canvas.SetMatrix(new SkiaSharp.SKMatrix(m.M11, m.M21, m.M31, m.M12, m.M22, m.M32, 0, 0, 1));
            canvas.DrawImage(image.Image, 0, 0, new SkiaSharp.SKSamplingOptions(SkiaSharp.SKFilterMode.Linear, SkiaSharp.SKMipmapMode.None), null);
        }
        var pixels = bitmap.GetPixelSpan();
        var tensor = new float[width * height * 3];
        for (int i = 0, o = 0; i < pixels.Length; i += 4, o += 3)
            (tensor[o], tensor[o + 1], tensor[o + 2]) = (pixels[i], pixels[i + 1], pixels[i + 2]);
        return tensor;
    }
}
