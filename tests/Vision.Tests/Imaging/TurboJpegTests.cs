using Ledger.Vision.Imaging;
using Ledger.Vision.Tests.Support;
using SkiaSharp;
using Xunit;

namespace Ledger.Vision.Tests.Imaging;

/// <summary>
/// The system's libjpeg-turbo decodes a JPEG's pixels faster than Skia's copy of the library; it may only ever give the
/// bytes Skia gives, and whatever it does not decode cleanly is Skia's to decide, as before.
/// </summary>
public sealed class TurboJpegTests
{
    [Fact]
    public void The_set_up_installs_the_library_so_the_fast_path_is_the_one_tested()
    {
        Assert.True(TurboJpeg.IsAvailable, "libturbojpeg.so.0 is not loadable: scripts/setup.sh installs Debian's libturbojpeg0");
    }

    public static TheoryData<string> Jpegs()
    {
        var data = new TheoryData<string>();
        foreach (var group in new[] { "bbt1", "bbt2", "bbt3", "bbt4", "bbt5" })
            data.Add(group);
        foreach (var quality in new[] { 75, 90, 95 })
            foreach (var chroma in new[] { "420", "422", "444" })
                data.Add($"frame q{quality} {chroma}");
        data.Add("frame gray");
        return data;
    }

    [Theory]
    [MemberData(nameof(Jpegs))]
    public void Every_jpeg_gets_the_pixels_skia_gives_it(string name)
    {
        var jpeg = Jpeg(name);
        var (width, height, bySkia) = BySkia(jpeg);

        var byTurbo = new byte[width * height * 4];

        Assert.True(Pinned(byTurbo, p => TurboJpeg.TryDecode(jpeg, width, height, p, width * 4)));
        Assert.Equal(bySkia, byTurbo);
    }

    [Fact]
    public void A_frame_decoded_through_the_decoder_is_the_frame_skia_decodes()
    {
        var jpeg = Jpeg("frame q90 420");

        using var decoded = new ImageDecoder().Decode(jpeg);

        Assert.Equal(BySkia(jpeg).Pixels, Pixels(decoded));
    }

    [Fact]
    public void A_truncated_jpeg_is_left_to_skia_which_refuses_it_as_truncated()
    {
        var jpeg = File.ReadAllBytes(FacePaths.Group("bbt4"));
        var half = jpeg[..(jpeg.Length / 2)];
        var (width, height, _) = BySkia(jpeg);

        Assert.False(Pinned(new byte[width * height * 4], p => TurboJpeg.TryDecode(half, width, height, p, width * 4)));
        var e = Assert.Throws<ImageRejectedException>(() => new ImageDecoder().Decode(half));
        Assert.Equal(ImageRejectionReason.Truncated, e.Reason);
    }

    [Fact]
    public void A_jpeg_with_a_warning_is_left_to_skia_and_decided_as_skia_decides_it()
    {
        // Given a frame with stray bytes between its entropy-coded data and its end marker (libjpeg warns: "extraneous bytes")
        var jpeg = Jpeg("frame q90 420");
        // (more than the Huffman decoder's look-ahead swallows unseen)
        byte[] stray = [.. jpeg[..^2], .. Enumerable.Range(0, 64).Select(i => (byte)(0x11 + i)), .. jpeg[^2..]];
        var (width, height, _) = BySkia(jpeg);

        // Then the fast path declines it
        Assert.False(Pinned(new byte[width * height * 4], p => TurboJpeg.TryDecode(stray, width, height, p, width * 4)));

        // And the decoder gives what Skia alone gives: the same pixels, or the refusal Skia's result names
        using var codec = SKCodec.Create(new MemoryStream(stray))!;
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var bySkia = new byte[info.BytesSize];
        var result = Pinned(bySkia, p => codec.GetPixels(info, p));
        if (result == SKCodecResult.Success)
        {
            using var decoded = new ImageDecoder().Decode(stray);
            Assert.Equal(bySkia, Pixels(decoded));
        }
        else
        {
            Assert.Throws<ImageRejectedException>(() => new ImageDecoder().Decode(stray));
        }
    }

    [Fact]
    public void A_size_other_than_the_header_announces_is_declined()
    {
        var jpeg = Jpeg("frame q90 420");

        Assert.False(Pinned(new byte[640 * 480 * 4], p => TurboJpeg.TryDecode(jpeg, 320, 240, p, 640 * 4)));
    }

    // Native code writes into managed arrays only while they are pinned.
    private static T Pinned<T>(byte[] buffer, Func<IntPtr, T> use)
    {
        var handle = System.Runtime.InteropServices.GCHandle.Alloc(buffer, System.Runtime.InteropServices.GCHandleType.Pinned);
        try
        {
            return use(handle.AddrOfPinnedObject());
        }
        finally
        {
            handle.Free();
        }
    }

    private static byte[] Jpeg(string name)
    {
        if (!name.StartsWith("frame", StringComparison.Ordinal))
            return File.ReadAllBytes(FacePaths.Group(name));
        // A till's frame: a group photo drawn into 640x480 and encoded as the tills do, at several qualities and chroma
        // subsamplings, and once in grey.
        var parts = name.Split(' ');
        using var photo = SKBitmap.Decode(FacePaths.Group("bbt1"));
        var gray = parts[1] == "gray";
        using var frame = new SKBitmap(new SKImageInfo(640, 480, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(frame))
            canvas.DrawBitmap(photo, new SKRect(0, 0, 640, 480));
        var quality = gray ? 90 : int.Parse(parts[1][1..], System.Globalization.CultureInfo.InvariantCulture);
        var chroma = gray ? SKJpegEncoderDownsample.Downsample420 : parts[2] switch
        {
            "420" => SKJpegEncoderDownsample.Downsample420,
            "422" => SKJpegEncoderDownsample.Downsample422,
            _ => SKJpegEncoderDownsample.Downsample444,
        };
        using var pixmap = frame.PeekPixels();
        using var encoded = pixmap.Encode(new SKJpegEncoderOptions(quality, chroma, SKJpegEncoderAlphaOption.Ignore))
                            ?? throw new InvalidOperationException($"Skia did not encode {name}");
        return encoded.ToArray();
    }

    private static (int Width, int Height, byte[] Pixels) BySkia(byte[] jpeg)
    {
        using var codec = SKCodec.Create(new MemoryStream(jpeg)) ?? throw new InvalidOperationException("not a JPEG");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[info.BytesSize];
        Assert.Equal(SKCodecResult.Success, Pinned(pixels, p => codec.GetPixels(info, p)));
        return (info.Width, info.Height, pixels);
    }

    private static byte[] Pixels(DecodedImage image)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[info.BytesSize];
        Assert.True(Pinned(pixels, p => image.Image.ReadPixels(info, p, info.RowBytes, 0, 0)));
        return pixels;
    }
}
