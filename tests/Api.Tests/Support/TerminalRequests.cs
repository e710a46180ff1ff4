using System.Security.Cryptography;
using System.Text;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// Terminal requests signed the way README describes (written here from the description, not from the server's code):
/// hex HMAC-SHA256 with the secret's ASCII bytes. Version 2 (the default), sent as "v2=HEX", over
/// "v2\nMETHOD\nhost\npath?query\ncontent-type\nidempotency-key\nunix-seconds\nnonce\nhex(SHA-256(body))";
/// version 1 over "v1\nMETHOD\npath?query\nunix-seconds\nnonce\nhex(SHA-256(body))".
/// </summary>
public static class TerminalRequests
{
    public static HttpRequestMessage Sign(TerminalCredential terminal, string path, string json, string? key, long timestamp,
        string method = "POST", string? nonce = null, int version = 2)
    {
        nonce ??= Guid.NewGuid().ToString("N");
        var body = Encoding.UTF8.GetBytes(json);
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var toSign = version == 2
            ? $"v2\n{method}\n{ApiFixture.TestHost}\n{path}\napplication/json\n{key}\n{timestamp}\n{nonce}\n{bodyHash}"
            : $"v1\n{method}\n{path}\n{timestamp}\n{nonce}\n{bodyHash}";
        var hex = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(terminal.Secret), Encoding.UTF8.GetBytes(toSign)));
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        request.Headers.Add("X-Terminal-Key", terminal.KeyId);
        request.Headers.Add("X-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Nonce", nonce);
        request.Headers.Add("X-Signature", version == 2 ? "v2=" + hex : hex);
        return request;
    }
}
