using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Vision.Imaging;

namespace Ledger.Api.FacePay;

/// <summary>
/// Capture bytes as they arrive: base64 in JSON or a multipart file. They live only in memory for one request:
/// nothing here stores or logs them; only their keyed digest is kept (BiometricDigests).
/// </summary>
public static class FaceCaptures
{
    public const long MaxCaptureBytes = 8 * 1024 * 1024;

    /// <summary>Largest request body of a face endpoint: a base64 capture of <see cref="MaxCaptureBytes"/> and the rest.</summary>
    public const long MaxBodyBytes = MaxCaptureBytes / 3 * 4 + 64 * 1024;

    /// <summary>
    /// The shape of a capture field: base64 of at most <see cref="MaxCaptureBytes"/> bytes (else 400). What the bytes are is
    /// the image's content, judged by <see cref="Supported"/> and the decoder (422 <c>image-*</c>), as for a corrupt image.
    /// </summary>
    public static bool IsBase64Capture(string text)
    {
        if (text.Length == 0 || text.Length > MaxCaptureBytes / 3 * 4 + 4) return false;
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var length) && length > 0;
    }

    public static byte[] FromBase64(string text) => Convert.FromBase64String(text);

    /// <summary>
    /// The capture, if its signature is JPEG, PNG or WebP; otherwise 422 <c>image-unsupported-format</c> (GIF, SVG, BMP, text),
    /// checked before anything else is looked up, so that every path (a throttled hint included) answers it alike.
    /// </summary>
    public static byte[] Supported(byte[] capture) =>
        ImageFormatSniffer.Sniff(capture) is not null
            ? capture
            : throw Refused(new ImageRejectedException(ImageRejectionReason.UnsupportedFormat,
                "Unsupported image format: only JPEG, PNG and WebP are accepted."));

    /// <summary>An image the decoder refused becomes a 422 naming why (image_corrupt, image_unsupported_format, ...).</summary>
    public static DomainRuleViolation Refused(ImageRejectedException e) => new("image_" + RuleCodes.FromName(e.Reason.ToString()), e.Message);

    /// <summary>
    /// Reads a multipart form's fields and its one <c>image</c> file; null when the request is not multipart. A form that
    /// cannot be read (no boundary, no boundary line, a part cut off) is 400, and so is an ambiguous one: a field or the
    /// image given twice, or a file part under another name. Taking the first of two images, or the last of two amounts,
    /// would act on a part nobody checked.
    /// </summary>
    public static async Task<(IFormCollection Form, byte[]? Image)?> ReadMultipartAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) return null;
        // A file section over 64 KB would be buffered to a temporary file by default; a capture stays in memory (the
        // body cap bounds it).
        request.HttpContext.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(request,
            new Microsoft.AspNetCore.Http.Features.FormOptions { MemoryBufferThreshold = int.MaxValue, MultipartBodyLengthLimit = MaxBodyBytes }));
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        // The form reader's words for a body that is not the multipart it announces (InvalidDataException: no boundary,
        // a header too long; IOException: the stream ends before the first boundary line or inside a part). A cap's 413 stays 413.
        catch (Exception e) when (e is InvalidDataException or IOException and not BadHttpRequestException && !ct.IsCancellationRequested)
        {
            throw new BadHttpRequestException($"The multipart body cannot be read: {e.Message}", StatusCodes.Status400BadRequest, e);
        }
        MultipartForms.EnsureUnambiguous(form, ImageField);
        var file = form.Files.GetFile(ImageField);
        if (file is null) return (form, null);
        if (file.Length > MaxCaptureBytes)
            throw new BadHttpRequestException($"The image is over {MaxCaptureBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return (form, buffer.ToArray());
    }

    /// <summary>The one file part a face endpoint takes.</summary>
    public const string ImageField = "image";
}
