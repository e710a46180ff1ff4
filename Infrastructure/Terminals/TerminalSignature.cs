using System.Security.Cryptography;
using System.Text;

namespace Ledger.Infrastructure.Terminals;

/// <summary>
/// The signing scheme of terminal requests (documented in README, "Terminal signatures"), lowercase hex throughout,
/// HMAC-SHA256 keyed with the ASCII bytes of the secret.
/// <list type="bullet">
/// <item>v2 (header <c>X-Signature: v2=HEX</c>) over "v2\n" + METHOD + "\n" + host + "\n" + path?query + "\n" +
/// Content-Type + "\n" + Idempotency-Key + "\n" + unix-seconds + "\n" + nonce + "\n" + hex(SHA-256(body)): whoever
/// relays a request can change neither its idempotency key, nor how its body is read, nor where it was meant to go.</item>
/// <item>v1 (plain HEX) over "v1\n" + METHOD + "\n" + path?query + "\n" + unix-seconds + "\n" + nonce + "\n" +
/// hex(SHA-256(body)); accepted until <see cref="TerminalSignaturePolicy.V1AcceptedUntil"/>.</item>
/// </list>
/// </summary>
public static class TerminalSignature
{
    public const string Version = "v1";

    /// <summary>What a v2 signature starts with in <c>X-Signature</c>.</summary>
    public const string V2Prefix = "v2=";

    public static string StringToSignV2(string method, string host, string pathAndQuery, string contentType, string idempotencyKey,
        long unixSeconds, string nonce, ReadOnlySpan<byte> body) =>
        $"v2\n{method.ToUpperInvariant()}\n{host.ToLowerInvariant()}\n{pathAndQuery}\n{contentType}\n{idempotencyKey}\n{unixSeconds}\n{nonce}\n" +
        Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>How far a request's timestamp may be from the server's clock, either way.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    /// <summary>Longest nonce a request may carry (visible ASCII only).</summary>
    public const int MaxNonceLength = 128;

    /// <summary>1 to <see cref="MaxNonceLength"/> visible ASCII characters: no line break can shift the fields of a string to sign.</summary>
    public static bool IsSignableField(string? field) =>
        field is { Length: > 0 and <= MaxNonceLength } && field.All(c => c is >= '!' and <= '~');

    public static string StringToSign(string method, string pathAndQuery, long unixSeconds, string nonce, ReadOnlySpan<byte> body) =>
        $"{Version}\n{method.ToUpperInvariant()}\n{pathAndQuery}\n{unixSeconds}\n{nonce}\n{Convert.ToHexStringLower(SHA256.HashData(body))}";

    public static string Compute(string secret, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(secret), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>Constant-time comparison, so the answer's timing says nothing about how much matched.</summary>
    public static bool Matches(string secret, string stringToSign, string presented)
    {
        var expected = Encoding.ASCII.GetBytes(Compute(secret, stringToSign));
        var given = Encoding.ASCII.GetBytes(presented.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
