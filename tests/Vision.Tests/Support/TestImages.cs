using SkiaSharp;

namespace Ledger.Vision.Tests.Support;

/// <summary>Small images made in the test, and byte-level surgery on encoded ones.</summary>
internal static class TestImages
{
    /// <summary>A <paramref name="width"/> x <paramref name="height"/> image with a gradient, encoded.</summary>
    public static byte[] Encode(int width, int height, SKEncodedImageFormat format = SKEncodedImageFormat.Png)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (int y = 0; y < height; y++)
        for (int x = 0; x < width; x++)
            bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / Math.Max(1, width - 1)), (byte)(y * 255 / Math.Max(1, height - 1)), 90));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// A PNG whose header announces <paramref name="width"/> x <paramref name="height"/> pixels (with a valid
    /// CRC) but carries almost no data: the shape of a decompression bomb.
    /// </summary>
    public static byte[] PngAnnouncing(int width, int height)
    {
        var png = Encode(8, 8);
        // IHDR data starts at 16: signature (8) + length (4) + "IHDR" (4).
        WriteBigEndian(png, 16, (uint)width);
        WriteBigEndian(png, 20, (uint)height);
        WriteBigEndian(png, 29, Crc32(png.AsSpan(12, 17)));
        return png;
    }

    private static void WriteBigEndian(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    // PNG's CRC-32 (ISO 3309, reflected polynomial 0xEDB88320).
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
