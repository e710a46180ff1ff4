using System.Numerics;
using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Support;
using SkiaSharp;
using Xunit;

namespace Ledger.Vision.Tests.Imaging;

/// <summary>
/// A frame without alpha is decoded as opaque, so Skia neither blends it when resampling nor un-premultiplies it when its
/// pixels are read out. That must be work saved, never a different tensor: every network input drawn from such a frame is
/// compared, float for float, with the same pixels marked premultiplied (how frames were decoded before).
/// </summary>
public sealed class OpaqueFramesTests
{
    private static readonly ImageDecoder Decoder = new();

    [Fact]
    public void A_jpeg_frame_is_decoded_as_opaque()
    {
        using var frame = Decoder.Decode(File.ReadAllBytes(FacePaths.Group("bbt1")));

        Assert.Equal(SKAlphaType.Opaque, frame.Image.AlphaType);
    }

    [Fact]
    public void An_image_with_transparency_keeps_its_alpha_premultiplied()
    {
        // Given a PNG whose left half is half transparent
        using var bitmap = new SKBitmap(new SKImageInfo(8, 4, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < 4; y++)
            for (var x = 0; x < 8; x++)
                bitmap.SetPixel(x, y, new SKColor(200, 100, 50, x < 4 ? (byte)128 : (byte)255));
        using var encoded = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100);

        // When it is decoded
        using var image = Decoder.Decode(encoded.ToArray());

        // Then it is not taken for opaque
        Assert.Equal(SKAlphaType.Premul, image.Image.AlphaType);
    }

    [Theory]
    [InlineData("bbt1")]
    [InlineData("bbt4")]
    public void Every_network_input_from_an_opaque_frame_equals_the_one_from_its_premultiplied_pixels(string group)
    {
        // Given a photo decoded as now (opaque), and the same pixels marked premultiplied
        using var opaque = Decoder.Decode(File.ReadAllBytes(FacePaths.Group(group)));
        using var premultiplied = Premultiplied(opaque);
        Assert.Equal(SKAlphaType.Premul, premultiplied.Image.AlphaType);

        // Then the detectors' letterboxes (with and without the border of the second try) are the same floats
        Assert.Equal(WithBorder(premultiplied, 0), WithBorder(opaque, 0));
        Assert.Equal(WithBorder(premultiplied, 0.3f), WithBorder(opaque, 0.3f));

        // And so is a rotated, scaled crop running off the image's edge (a chip or a landmark crop)
        var chip = Matrix3x2.CreateTranslation(-opaque.Width * 0.8f, -opaque.Height * 0.1f)
                   * Matrix3x2.CreateRotation(0.3f) * Matrix3x2.CreateScale(0.9f);
        Assert.Equal(ImageWarp.ToRgbTensor(premultiplied, chip, 150, 150), ImageWarp.ToRgbTensor(opaque, chip, 150, 150));

        // And the passive networks' crop, read out of the frame's pixels, inside the image and across its corner
        var inside = new FaceBox(opaque.Width * 0.4f, opaque.Height * 0.3f, 120, 140, 0.9f);
        var corner = new FaceBox(opaque.Width - 60, -20, 150, 150, 0.9f);
        Assert.Equal(HumanFaceCrop.Cut(premultiplied, inside), HumanFaceCrop.Cut(opaque, inside));
        Assert.Equal(HumanFaceCrop.Cut(premultiplied, corner), HumanFaceCrop.Cut(opaque, corner));
    }

    private static float[] WithBorder(DecodedImage image, float border)
    {
        var tensor = new float[512 * 512 * 3];
        ImageWarp.LetterboxTopLeft(image, 512, border, tensor);
        return tensor;
    }

    // The pixels of an opaque image copied into a bitmap marked premultiplied: alpha is 255 everywhere, so the bytes are
    // the same; only what Skia is told about them differs.
    private static DecodedImage Premultiplied(DecodedImage opaque)
    {
        var info = new SKImageInfo(opaque.Width, opaque.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var bitmap = new SKBitmap(info);
        Assert.True(opaque.Image.ReadPixels(info, bitmap.GetPixels(), bitmap.RowBytes, 0, 0));
        bitmap.SetImmutable();
        return new DecodedImage(SKImage.FromBitmap(bitmap) ?? throw new InvalidOperationException("Skia refused the bitmap."), ImageFormat.Jpeg);
    }
}
