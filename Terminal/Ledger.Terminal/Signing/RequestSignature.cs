using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ledger.Terminal.Signing;

/// <summary>
/// The terminal request signature, version 2: lowercase hex of HMAC-SHA256, keyed with the secret's ASCII bytes, over
/// <c>v2\nMETHOD\nhost\npath?query\ncontent-type\nidempotency-key\nunix-seconds\nnonce\nhex(SHA-256(body))</c>, sent as
/// <c>X-Signature: v2=HEX</c>. The host is the <c>Host</c> header in lowercase; content type and idempotency key exactly as
/// sent (empty when absent). On the bus the method is <c>BUS</c>, the host <c>bus</c> and the content type
/// <c>application/json</c>. docs/TERMINALS.md has test vectors.
/// </summary>
public static class RequestSignature
{
    public const string KeyHeader = "X-Terminal-Key";
    public const string TimestampHeader = "X-Timestamp";
    public const string NonceHeader = "X-Nonce";
    public const string SignatureHeader = "X-Signature";
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>What <c>X-Signature</c> starts with.</summary>
    public const string Prefix = "v2=";

    /// <summary>The longest nonce (and key id) the service accepts: visible ASCII only, so no field can shift another.</summary>
    public const int MaxFieldLength = 128;

    public static string StringToSign(string method, string host, string pathAndQuery, string contentType, string idempotencyKey,
        long unixSeconds, string nonce, ReadOnlySpan<byte> body) =>
        string.Create(CultureInfo.InvariantCulture,
            $"v2\n{method.ToUpperInvariant()}\n{host.ToLowerInvariant()}\n{pathAndQuery}\n{contentType}\n{idempotencyKey}\n{unixSeconds}\n{nonce}\n{Sha256Hex(body)}");

    /// <summary>Lowercase hex HMAC-SHA256 of <paramref name="stringToSign"/> (UTF-8) keyed with the secret's ASCII bytes.</summary>
    public static string Hmac(string secret, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>The headers of one signed request. A fresh nonce each time unless one is given (tests and vectors).</summary>
    public static SignedHeaders Sign(TerminalCredentials terminal, string method, string host, string pathAndQuery, string contentType,
        string? idempotencyKey, ReadOnlySpan<byte> body, DateTimeOffset now, string? nonce = null)
    {
        nonce ??= NewNonce();
        if (!IsSignableField(nonce)) throw new ArgumentException($"A nonce is 1 to {MaxFieldLength} visible ASCII characters.", nameof(nonce));
        var timestamp = now.ToUnixTimeSeconds();
        var toSign = StringToSign(method, host, pathAndQuery, contentType, idempotencyKey ?? "", timestamp, nonce, body);
        return new SignedHeaders(terminal.KeyId, timestamp.ToString(CultureInfo.InvariantCulture), nonce, Prefix + Hmac(terminal.Secret, toSign));
    }

    /// <summary>128 random bits as 32 hex digits: never reused with a key.</summary>
    public static string NewNonce() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>1 to <see cref="MaxFieldLength"/> visible ASCII characters.</summary>
    public static bool IsSignableField(string? field) =>
        field is { Length: > 0 and <= MaxFieldLength } && field.All(c => c is >= '!' and <= '~');

    internal static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
