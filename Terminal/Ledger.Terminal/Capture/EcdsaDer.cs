using System.Formats.Asn1;

namespace Ledger.Terminal.Capture;

/// <summary>An ECDSA r‖s signature as the DER SEQUENCE { r INTEGER, s INTEGER } that the registration proof carries.</summary>
internal static class EcdsaDer
{
    public static byte[] FromRawRs(byte[] rs)
    {
        if (rs.Length != 64) throw new ArgumentException("An ES256 signature r‖s is 64 bytes.", nameof(rs));
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteIntegerUnsigned(Minimal(rs.AsSpan(0, 32)));
            writer.WriteIntegerUnsigned(Minimal(rs.AsSpan(32, 32)));
        }
        return writer.Encode();
    }

    // r and s are fixed 32-byte fields; about one signature in 256 has a zero first byte, which DER forbids as padding.
    private static ReadOnlySpan<byte> Minimal(ReadOnlySpan<byte> field)
    {
        var start = 0;
        while (start < field.Length - 1 && field[start] == 0) start++;
        return field[start..];
    }
}
