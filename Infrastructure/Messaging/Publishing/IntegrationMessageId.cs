using System.Security.Cryptography;
using System.Text;

namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>
/// The message id of an integration event, derived from the stored event it was published from:
/// a name-based UUID (version 5, RFC 9562 section 5.5) of the event id and the contract name.
/// A redelivery after a crash between publish and checkpoint therefore carries the same id, which is
/// what the consumers' inbox deduplicates on; the contract name keeps the ids of two contracts
/// published from one event apart.
/// </summary>
public static class IntegrationMessageId
{
    /// <summary>Our own namespace for these names; never change it, or every id changes with it.</summary>
    private static readonly Guid Namespace = new("5b0f3c1e-7d2a-4c59-9e61-3a8f4d1b2c70");

    public static Guid For(Guid sourceEventId, string contractName)
    {
        var name = Encoding.UTF8.GetBytes($"{sourceEventId:D}/{contractName}");
        var input = new byte[16 + name.Length];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input, 16);

        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50); // version 5
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new Guid(bytes, bigEndian: true);
    }
}
