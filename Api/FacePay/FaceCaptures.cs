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

    public static bool IsBase64Capture(string text)
    {
        if (text.Length == 0 || text.Length > MaxCaptureBytes / 3 * 4 + 4) return false;
        var buffer = new byte[text.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(text, buffer, out var length) && ImageFormatSniffer.Sniff(buffer.AsSpan(0, length)) is not null;
    }

    public static byte[] FromBase64(string text) => Convert.FromBase64String(text);

    /// <summary>An image the decoder refused becomes a 422 naming why (image_corrupt, image_unsupported_format, ...).</summary>
    public static DomainRuleViolation Refused(ImageRejectedException e) => new("image_" + RuleCodes.FromName(e.Reason.ToString()), e.Message);

    /// <summary>Reads a multipart form's fields and its <c>image</c> file; null when the request is not multipart.</summary>
    public static async Task<(IFormCollection Form, byte[]? Image)?> ReadMultipartAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType) return null;
        // A file section over 64 KB would be buffered to a temporary file by default; a capture stays in memory (the
        // body cap bounds it).
        request.HttpContext.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(request,
            new Microsoft.AspNetCore.Http.Features.FormOptions { MemoryBufferThreshold = int.MaxValue, MultipartBodyLengthLimit = MaxBodyBytes }));
        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("image");
        if (file is null) return (form, null);
        if (file.Length > MaxCaptureBytes)
            throw new BadHttpRequestException($"The image is over {MaxCaptureBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
        using var buffer = new MemoryStream((int)file.Length);
        await file.CopyToAsync(buffer, ct);
        return (form, buffer.ToArray());
    }

}
