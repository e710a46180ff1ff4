using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Bench.FacePay;

/// <summary>A terminal's id and signing key, as registration answered them.</summary>
internal sealed record Terminal(Guid TerminalId, string KeyId, string Secret);

/// <summary>
/// Signs a terminal request as README's "Terminal signatures" describes it: lowercase hex HMAC-SHA256, keyed
/// with the secret's ASCII bytes, over "v1\nMETHOD\nPATH\nunix-seconds\nnonce\nhex(SHA-256(body))".
/// </summary>
internal static class TerminalSigner
{
    public static HttpRequestMessage Post(Terminal terminal, string path, byte[] body, string idempotencyKey)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Guid.NewGuid().ToString("N");
        var toSign = $"v1\nPOST\n{path}\n{timestamp}\n{nonce}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(terminal.Secret), Encoding.UTF8.GetBytes(toSign)));
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        request.Headers.Add("X-Terminal-Key", terminal.KeyId);
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Nonce", nonce);
        request.Headers.Add("X-Signature", signature);
        return request;
    }
}
