using Ledger.Vision.Imaging;
using Ledger.Vision.Tests.Support;
using SkiaSharp;
using Xunit;

namespace Ledger.Vision.Tests.Imaging;

public sealed class ExifOrientationTests
{
    [Fact]
    public void A_jpeg_stored_sideways_is_turned_upright()
    {
        var stored = TestImages.Encode(64, 48, SKEncodedImageFormat.Jpeg);

        using var image = new ImageDecoder().Decode(WithOrientation(stored, 6)); // 6: rotate 90° clockwise to display

        Assert.Equal((48, 64), (image.Width, image.Height));
        // Stored red grows left to right; turned 90° clockwise it grows top to bottom.
        var rgb = ImageWarp.ToRgbTensor(image, System.Numerics.Matrix3x2.Identity, 48, 64);
        float Red(int x, int y) => rgb[(y * 48 + x) * 3];
        Assert.True(Red(24, 2) < 40 && Red(24, 61) > 215, $"top {Red(24, 2)}, bottom {Red(24, 61)}");
    }

    [Fact]
    public void Orientation_1_keeps_the_stored_size()
    {
        using var image = new ImageDecoder().Decode(WithOrientation(TestImages.Encode(64, 48, SKEncodedImageFormat.Jpeg), 1));

        Assert.Equal((64, 48), (image.Width, image.Height));
    }

    // Inserts after SOI an APP1 "Exif" segment holding a big-endian TIFF header and one IFD entry: Orientation.
    private static byte[] WithOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8,        // header, first IFD at offset 8
            0, 1,                                           // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1,                   // tag 0x0112 Orientation, SHORT, count 1
            (byte)(orientation >> 8), (byte)orientation, 0, 0,
            0, 0, 0, 0,                                     // no next IFD
        ];
        byte[] exif = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0, .. tiff];
        var length = exif.Length + 2;
        byte[] segment = [0xFF, 0xE1, (byte)(length >> 8), (byte)length, .. exif];
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }
}
