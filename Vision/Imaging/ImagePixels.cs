using SkiaSharp;

namespace Ledger.Vision.Imaging;

/// <summary>Raw access to a decoded image's pixels, for the crops that must sample exactly like TensorFlow.</summary>
internal static class ImagePixels
{
    /// <summary>The image as RGB bytes, row-major, 3 per pixel (alpha dropped: decoded photos are opaque).</summary>
    public static byte[] Rgb(DecodedImage image)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        if (!image.Image.ReadPixels(info, bitmap.GetPixels(), bitmap.RowBytes, 0, 0))
            throw new InvalidOperationException("the decoded image's pixels cannot be read");
        var rgba = bitmap.GetPixelSpan();
        var rgb = new byte[image.Width * image.Height * 3];
        for (int i = 0, o = 0; o < rgb.Length; i += 4, o += 3)
        {
            rgb[o] = rgba[i];
            rgb[o + 1] = rgba[i + 1];
            rgb[o + 2] = rgba[i + 2];
        }
        return rgb;
    }

    /// <summary>
    /// The <paramref name="width"/> x <paramref name="height"/> window at (<paramref name="x"/>, <paramref name="y"/>) as
    /// RGBA bytes, row-major, in an array lent by <see cref="System.Buffers.ArrayPool{T}.Shared"/> (return it).
    /// </summary>
    public static byte[] RentRgba(DecodedImage image, int x, int y, int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = System.Buffers.ArrayPool<byte>.Shared.Rent(info.BytesSize);
        var pinned = System.Runtime.InteropServices.GCHandle.Alloc(pixels, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            if (!image.Image.ReadPixels(info, pinned.AddrOfPinnedObject(), info.RowBytes, x, y))
                throw new InvalidOperationException("the decoded image's pixels cannot be read");
            return pixels;
        }
        catch
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(pixels);
            throw;
        }
        finally
        {
            pinned.Free();
        }
    }
}
