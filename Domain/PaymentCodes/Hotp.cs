using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// HOTP, RFC 4226 §5: HMAC over the 8-byte big-endian counter, dynamic truncation to 31 bits, the last
/// <c>digits</c> decimal digits. RFC 6238 (TOTP) is this with the counter = the time step. The hash is a parameter
/// only because the RFC vectors are published for SHA-1 and SHA-512 too; payment codes always use SHA-256
/// (<see cref="PaymentCodeGenerator"/>).
/// </summary>
public static class Hotp
{
    /// <summary>
/// RFC 4226 §5.3: at least 6 digits. 8 is the most the 31-bit value spreads almost evenly (2^31 / 10^8 ≈ 21.5
/// wraps); at 9 digits the low codes would come up 3 times for every 2 of the others.
/// </summary>
    public const int MinDigits = 6;
    public const int MaxDigits = 8;

    public static string Compute(ReadOnlySpan<byte> key, long counter, int digits, HashAlgorithmName algorithm)
    {
        if (digits is < MinDigits or > MaxDigits)
            throw new ArgumentOutOfRangeException(nameof(digits), digits, $"HOTP codes have {MinDigits} to {MaxDigits} digits.");
        if (counter < 0)
            throw new ArgumentOutOfRangeException(nameof(counter), counter, "The counter (time step) cannot be negative.");
        if (key.IsEmpty)
            throw new ArgumentException("The key is empty.", nameof(key));
        EnsureSupported(algorithm);

        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        Span<byte> mac = stackalloc byte[64];
        var written = CryptographicOperations.HmacData(algorithm, key, message, mac);
        try
        {
            return Truncate(mac[..written], digits);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(mac);
        }
    }

    /// <summary>RFC 4226 §5.4: the low nibble of the last byte picks 4 bytes; the top bit is dropped (sign-safe).</summary>
    private static string Truncate(ReadOnlySpan<byte> mac, int digits)
    {
        var offset = mac[^1] & 0x0f;
        var binary = (int)(BinaryPrimitives.ReadUInt32BigEndian(mac.Slice(offset, 4)) & 0x7fff_ffff);
        var modulus = digits switch { 6 => 1_000_000, 7 => 10_000_000, _ => 100_000_000 };
        return (binary % modulus).ToString("D" + digits, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void EnsureSupported(HashAlgorithmName algorithm)
    {
        if (algorithm != HashAlgorithmName.SHA1 && algorithm != HashAlgorithmName.SHA256 && algorithm != HashAlgorithmName.SHA512)
            throw new ArgumentException($"HOTP is defined here for SHA-1, SHA-256 and SHA-512, not {algorithm.Name}.", nameof(algorithm));
    }
}
