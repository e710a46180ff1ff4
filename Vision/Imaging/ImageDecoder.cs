using SkiaSharp;

namespace Ledger.Vision.Imaging;

/// <summary>
/// Decodes JPEG, PNG and WebP with SkiaSharp after checking the hostile-input rules in order:
/// byte size, signature, header dimensions (read without decoding pixels), then a full decode that must
/// consume a complete image. Each refusal is an <see cref="ImageRejectedException"/> with its reason.
/// </summary>
public sealed class ImageDecoder(ImageLimits limits)
{
    /// <summary>A decoder with <see cref="ImageLimits.Default"/>.</summary>
    public ImageDecoder() : this(ImageLimits.Default) { }

    /// <summary>The limits this decoder enforces.</summary>
    public ImageLimits Limits { get; } = limits;

    /// <summary>Checks and decodes <paramref name="encoded"/>.</summary>
    /// <exception cref="ImageRejectedException">The image breaks a limit, is not a supported format, or is truncated or corrupt.</exception>
    public DecodedImage Decode(ReadOnlySpan<byte> encoded)
    {
        if (encoded.IsEmpty)
            throw new ImageRejectedException(ImageRejectionReason.Empty, "The image is empty (0 bytes).");
        if (encoded.Length > Limits.MaxBytes)
            throw new ImageRejectedException(ImageRejectionReason.TooManyBytes,
                $"The image is {encoded.Length} bytes; the limit is {Limits.MaxBytes} bytes.");
        var format = ImageFormatSniffer.Sniff(encoded)
            ?? throw new ImageRejectedException(ImageRejectionReason.UnsupportedFormat,
                "Unsupported image format: only JPEG, PNG and WebP are accepted.");

        // The codec owns the wrapped stream and releases it with itself.
        using var codec = SKCodec.Create(new MemoryStream(encoded.ToArray(), writable: false), out var openResult);
        if (codec is null)
            throw openResult == SKCodecResult.IncompleteInput
                ? new ImageRejectedException(ImageRejectionReason.Truncated, $"The {format} image ends inside its header.")
                : new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format} header cannot be read ({openResult}).");

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width <= 0 || height <= 0)
            throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format} header announces {width}x{height} pixels.");
        if (width > Limits.MaxSide || height > Limits.MaxSide || (long)width * height > Limits.MaxPixels)
            throw new ImageRejectedException(ImageRejectionReason.TooManyPixels,
                $"The image announces {width}x{height} pixels; the limit is {Limits.MaxPixels} pixels and {Limits.MaxSide} px per side.");

        // An image without alpha (every JPEG) stays marked opaque: Skia then draws it without blending and copies its pixels
        // out without un-premultiplying them, the same bytes for less work (docs/VISION.md, "Decoding a till's frames").
        var alpha = codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, alpha);
        var bitmap = new SKBitmap(info);
        try
        {
            var result = format == ImageFormat.Jpeg && TurboJpeg.TryDecode(encoded, width, height, bitmap.GetPixels(), bitmap.RowBytes)
                ? SKCodecResult.Success
                : codec.GetPixels(info, bitmap.GetPixels());
            if (result == SKCodecResult.IncompleteInput || result == SKCodecResult.ErrorInInput)
                throw new ImageRejectedException(ImageRejectionReason.Truncated,
                    $"The {format} data ends before the image does ({result}).");
            if (result != SKCodecResult.Success)
                throw new ImageRejectedException(ImageRejectionReason.Corrupt, $"The {format} data cannot be decoded ({result}).");
            bitmap.SetImmutable();
            var oriented = ExifOrientation.Apply(bitmap, codec.EncodedOrigin);
            return new DecodedImage(oriented, format);
        }
        finally
        {
            bitmap.Dispose();
        }
    }
}
