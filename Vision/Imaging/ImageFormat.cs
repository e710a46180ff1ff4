namespace Ledger.Vision.Imaging;

/// <summary>The encoded formats the plugin accepts.</summary>
public enum ImageFormat
{
    /// <summary>JPEG (JFIF/EXIF).</summary>
    Jpeg,
    /// <summary>PNG.</summary>
    Png,
    /// <summary>WebP (lossy or lossless).</summary>
    WebP,
}

/// <summary>Recognises a format from its leading signature bytes, before any decoder sees the data.</summary>
public static class ImageFormatSniffer
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format announced by the signature, or null for anything else (GIF, BMP, SVG, text...).</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
            return ImageFormat.Jpeg;
        if (data.StartsWith(PngSignature))
            return ImageFormat.Png;
        // RIFF container: "RIFF" <size:4> "WEBP"
        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
            return ImageFormat.WebP;
        return null;
    }
}
