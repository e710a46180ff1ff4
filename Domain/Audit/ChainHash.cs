using System.Security.Cryptography;
using System.Text;

namespace Ledger.Domain.Audit;

/// <summary>
/// The global hash chain: <c>hash(n) = SHA-256(hash(n-1) || UTF-8(canonical record n))</c>, starting
/// from 32 zero bytes. Changing, removing or reordering any chained event changes every hash after it.
/// </summary>
public static class ChainHash
{
    public const int Size = 32;

    public static byte[] Genesis => new byte[Size];

    public static byte[] Link(ReadOnlySpan<byte> previous, AuditRecord record) =>
        Link(previous, Encoding.UTF8.GetBytes(record.CanonicalText()));

    /// <param name="canonicalRecord">UTF-8 of <see cref="AuditRecord.CanonicalText"/> (computed ahead, e.g. in parallel).</param>
    public static byte[] Link(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> canonicalRecord)
    {
        if (previous.Length != Size) throw new ArgumentException("A chain hash has 32 bytes.", nameof(previous));
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(previous);
        sha.AppendData(canonicalRecord);
        return sha.GetHashAndReset();
    }

    public static string ToHex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    public static byte[] FromHex(string hex)
    {
        var bytes = Convert.FromHexString(hex);
        if (bytes.Length != Size) throw new FormatException($"'{hex}' is not a 32-byte hash.");
        return bytes;
    }
}
