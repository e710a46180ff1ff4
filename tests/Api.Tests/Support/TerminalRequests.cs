using System.Security.Cryptography;
using System.Text;
using Ledger.Terminal.Signing;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// Terminal requests as a terminal sends them: signed by the terminal SDK (<see cref="RequestSignature"/>, version 2), here
/// with the test's own timestamp, nonce or key so that tests can bend them. Version 1 (retired by
/// <c>Terminals:SignatureV1AcceptedUntil</c>) is no part of the SDK; the tests of its retirement sign it here, from README:
/// hex HMAC-SHA256 over "v1\nMETHOD\npath?query\nunix-seconds\nnonce\nhex(SHA-256(body))".
/// </summary>
public static class TerminalRequests
{
    public static HttpRequestMessage Sign(TerminalCredential terminal, string path, string json, string? key, long timestamp,
        string method = "POST", string? nonce = null, int version = 2)
    {
        nonce ??= Guid.NewGuid().ToString("N");
        var body = Encoding.UTF8.GetBytes(json);
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        var headers = version == 2
            ? RequestSignature.Sign(terminal.Sdk, method, ApiFixture.TestHost, path, "application/json", key, body, DateTimeOffset.FromUnixTimeSeconds(timestamp), nonce)
            : new SignedHeaders(terminal.KeyId, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture), nonce,
                RequestSignature.Hmac(terminal.Secret, $"v1\n{method}\n{path}\n{timestamp}\n{nonce}\n{Convert.ToHexStringLower(SHA256.HashData(body))}"));
        headers.ApplyTo(request);
        return request;
    }

    /// <summary>Any body under any content type (multipart forms, hostile ones), signed v2 by the SDK over the content type as sent.</summary>
    public static HttpRequestMessage SignBytes(TerminalCredential terminal, string path, byte[] body, string contentType, string key, long timestamp)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.Add("Idempotency-Key", key);
        RequestSignature.Sign(terminal.Sdk, "POST", ApiFixture.TestHost, path, contentType, key, body, DateTimeOffset.FromUnixTimeSeconds(timestamp))
            .ApplyTo(request);
        return request;
    }
}
