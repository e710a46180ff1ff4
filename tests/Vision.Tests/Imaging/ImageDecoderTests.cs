using Ledger.Vision.Imaging;
using Ledger.Vision.Tests.Support;
using SkiaSharp;
using Xunit;

namespace Ledger.Vision.Tests.Imaging;

public sealed class ImageDecoderTests
{
    private readonly ImageDecoder _decoder = new();

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, ImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg, ImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp, ImageFormat.WebP)]
    public void A_supported_image_decodes_to_its_size(SKEncodedImageFormat encoded, ImageFormat expected)
    {
        using var image = _decoder.Decode(TestImages.Encode(64, 48, encoded));

        Assert.Equal((64, 48, expected), (image.Width, image.Height, image.Format));
    }

    [Fact]
    public void A_real_group_photo_decodes()
    {
        using var image = _decoder.Decode(File.ReadAllBytes(FacePaths.Group("bbt1")));

        Assert.Equal((1366, 768), (image.Width, image.Height));
    }

    [Fact]
    public void Empty_input_is_rejected() =>
        AssertRejected(ImageRejectionReason.Empty, []);

    [Fact]
    public void Input_over_the_byte_limit_is_rejected_before_anything_else()
    {
        var decoder = new ImageDecoder(new ImageLimits(MaxBytes: 100));

        var e = Assert.Throws<ImageRejectedException>(() => decoder.Decode(TestImages.Encode(200, 200)));

        Assert.Equal(ImageRejectionReason.TooManyBytes, e.Reason);
    }

    [Theory]
    [InlineData("GIF89a\u0001\u0000\u0001\u0000")]
    [InlineData("BM6\u0000\u0000\u0000\u0000\u0000")]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("not an image at all")]
    public void Formats_other_than_jpeg_png_webp_are_rejected(string content) =>
        AssertRejected(ImageRejectionReason.UnsupportedFormat, System.Text.Encoding.Latin1.GetBytes(content));

    [Fact]
    public void A_header_announcing_a_gigapixel_is_rejected_without_decoding() =>
        AssertRejected(ImageRejectionReason.TooManyPixels, TestImages.PngAnnouncing(50_000, 50_000));

    [Fact]
    public void A_header_with_a_side_over_the_limit_is_rejected()
    {
        var decoder = new ImageDecoder(new ImageLimits(MaxSide: 4000));

        var e = Assert.Throws<ImageRejectedException>(() => decoder.Decode(TestImages.PngAnnouncing(5000, 10)));

        Assert.Equal(ImageRejectionReason.TooManyPixels, e.Reason);
    }

    [Fact]
    public void A_truncated_jpeg_is_rejected()
    {
        var jpeg = File.ReadAllBytes(FacePaths.Group("bbt1"));

        AssertRejected(ImageRejectionReason.Truncated, jpeg.AsSpan(0, jpeg.Length / 2).ToArray());
    }

    [Fact]
    public void A_truncated_png_is_rejected()
    {
        var png = File.ReadAllBytes(Path.Combine(FacePaths.Faces, "amy", "1.png"));

        AssertRejected(ImageRejectionReason.Truncated, png.AsSpan(0, png.Length * 2 / 3).ToArray());
    }

    [Fact]
    public void A_signature_with_a_garbage_body_is_corrupt_or_truncated()
    {
        byte[] garbage = [0xFF, 0xD8, 0xFF, .. Enumerable.Repeat((byte)0x42, 500)];

        var e = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(garbage));

        Assert.Contains(e.Reason, new[] { ImageRejectionReason.Corrupt, ImageRejectionReason.Truncated });
    }

    private void AssertRejected(ImageRejectionReason reason, byte[] data)
    {
        var e = Assert.Throws<ImageRejectedException>(() => _decoder.Decode(data));
        Assert.Equal(reason, e.Reason);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }
}
