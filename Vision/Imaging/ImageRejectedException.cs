namespace Ledger.Vision.Imaging;

/// <summary>Why an image was refused before or during decoding.</summary>
public enum ImageRejectionReason
{
    /// <summary>No bytes at all.</summary>
    Empty,
    /// <summary>More encoded bytes than <see cref="ImageLimits.MaxBytes"/>.</summary>
    TooManyBytes,
    /// <summary>Not JPEG, PNG or WebP (judged by the file signature, never by a name or a content type).</summary>
    UnsupportedFormat,
    /// <summary>The header announces more pixels (or a longer side) than the limits allow.</summary>
    TooManyPixels,
    /// <summary>The data ends before the image does.</summary>
    Truncated,
    /// <summary>The header or the data cannot be decoded.</summary>
    Corrupt,
}

/// <summary>An image refused by <see cref="ImageDecoder"/>; the message is safe to show to an operator.</summary>
public sealed class ImageRejectedException(ImageRejectionReason reason, string message) : Exception(message)
{
    /// <summary>The machine-readable reason.</summary>
    public ImageRejectionReason Reason { get; } = reason;
}
