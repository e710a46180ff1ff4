using System.Security.Cryptography;
using System.Text;

namespace Ledger.Domain;

/// <summary>
/// An id that follows from a name instead of a clock or a random source: the first 16 bytes of SHA-256 over the
/// name, marked as an RFC 9562 version 8 ("custom") UUID, variant 10, so it is never one of the random (v4) ids.
/// The same name always gives the same id, which is what makes retries and replays land on the same stream.
/// </summary>
public static class DerivedId
{
    public static Guid Of(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
