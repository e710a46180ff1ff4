using System.Buffers.Binary;
using System.IO.Compression;

namespace Ledger.Vision.Tests.Parity;

/// <summary>
/// A minimal PNG reader for the shared face crops (8-bit grayscale, not interlaced). The parity inputs
/// must be byte-identical to the ones the JavaScript reference builds with pngjs, so they are decoded
/// here by the book instead of through an image library that might colour-manage them.
/// </summary>
internal sealed record GrayPng(int Width, int Height, byte[] Pixels)
{
    public static GrayPng Read(string path)
    {
        var data = File.ReadAllBytes(path);
        int width = 0, height = 0;
        using var idat = new MemoryStream();
        for (var offset = 8; offset < data.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(data.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(data, offset + 4, 4);
            var body = data.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(body);
                height = BinaryPrimitives.ReadInt32BigEndian(body[4..]);
                if (body[8] != 8 || body[9] != 0 || body[12] != 0)
                    throw new NotSupportedException($"{path}: only 8-bit grayscale non-interlaced PNGs are read here");
            }
            else if (type == "IDAT")
                idat.Write(body);
            offset += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        return new GrayPng(width, height, Unfilter(inflated.ToArray(), width, height));
    }

    private static byte[] Unfilter(byte[] raw, int width, int height)
    {
        var pixels = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (width + 1)];
            var line = raw.AsSpan(y * (width + 1) + 1, width);
            var row = pixels.AsSpan(y * width, width);
            var up = y > 0 ? pixels.AsSpan((y - 1) * width, width) : new byte[width];
            for (var x = 0; x < width; x++)
            {
                int a = x > 0 ? row[x - 1] : 0, b = up[x], c = x > 0 ? up[x - 1] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new NotSupportedException($"PNG filter {filter}"),
                };
                row[x] = (byte)(line[x] + predictor);
            }
        }
        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
