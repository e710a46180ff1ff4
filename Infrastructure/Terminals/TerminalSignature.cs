using System.Security.Cryptography;
using System.Text;

namespace Ledger.Infrastructure.Terminals;

/// <summary>
/// The signing scheme of terminal requests (documented in docs/ARCHITECTURE.md):
/// hex(HMAC-SHA256(key = ASCII bytes of the secret, "v1\n" + METHOD + "\n" + path?query + "\n" +
/// unix-seconds + "\n" + nonce + "\n" + hex(SHA-256(body)))), lowercase hex throughout.
/// </summary>
public static class TerminalSignature
{
    public const string Version = "v1";

    /// <summary>How far a request's timestamp may be from the server's clock, either way.</summary>
    public static readonly TimeSpan AllowedSkew = TimeSpan.FromMinutes(5);

    /// <summary>Longest nonce a request may carry (visible ASCII only).</summary>
    public const int MaxNonceLength = 128;

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
