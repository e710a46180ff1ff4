using System.Formats.Cbor;
using Ledger.Domain;
using Ledger.Domain.Capture;
using Ledger.Domain.Terminals;

namespace Ledger.Infrastructure.Capture;

/// <summary>
/// COSE_Sign1 (RFC 9052 §4.2) as capture statements use it: an array of the protected header (a serialized map
/// naming the algorithm, ES256 = -7 or EdDSA = -8), the unprotected header, the payload (embedded) and the signature,
/// optionally under tag 18. What is signed is the Sig_structure ["Signature1", protected, h'', payload].
/// Read strictly: duplicate keys, indefinite lengths, trailing bytes or a detached payload are malformed.
/// </summary>
public static class CoseSign1
{
    public const int Tag = 18;
    public const int ES256 = -7;
    public const int EdDSA = -8;
    private const int AlgorithmLabel = 1;

    public sealed record Message(DeviceKeyAlgorithm Algorithm, byte[] ProtectedHeader, byte[] Payload, byte[] Signature)
    {
        public byte[] ToBeSigned => SigStructure(ProtectedHeader, Payload);
    }

    /// <exception cref="DomainRuleViolation">capture_statement_malformed.</exception>
    public static Message Decode(byte[] bytes)
    {
        try
        {
            var reader = new CborReader(bytes, CborConformanceMode.Strict);
            if (reader.PeekState() == CborReaderState.Tag && reader.ReadTag() != (CborTag)Tag) throw Malformed("The only tag accepted is COSE_Sign1 (18).");
            if (reader.ReadStartArray() != 4) throw Malformed("COSE_Sign1 is an array of four items.");
            var protectedHeader = reader.ReadByteString();
            SkipUnprotected(reader);
            if (reader.PeekState() != CborReaderState.ByteString) throw Malformed("The payload must be embedded.");
            var payload = reader.ReadByteString();
            var signature = reader.ReadByteString();
            reader.ReadEndArray();
            if (reader.BytesRemaining != 0) throw Malformed("Bytes follow the COSE_Sign1 message.");
            return new Message(AlgorithmOf(protectedHeader), protectedHeader, payload, signature);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw Malformed(e.Message);
        }
    }

    /// <summary>A COSE_Sign1 message signed by <paramref name="sign"/> (over the Sig_structure), for devices and tests.</summary>
    public static byte[] Encode(DeviceKeyAlgorithm algorithm, byte[] payload, Func<byte[], byte[]> sign)
    {
        var header = new CborWriter(CborConformanceMode.Canonical);
        header.WriteStartMap(1);
        header.WriteInt32(AlgorithmLabel);
        header.WriteInt32(algorithm == DeviceKeyAlgorithm.ES256 ? ES256 : EdDSA);
        header.WriteEndMap();
        var protectedHeader = header.Encode();
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteTag((CborTag)Tag);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteByteString(payload);
        writer.WriteByteString(sign(SigStructure(protectedHeader, payload)));
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static byte[] SigStructure(byte[] protectedHeader, byte[] payload)
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static DeviceKeyAlgorithm AlgorithmOf(byte[] protectedHeader)
    {
        var reader = new CborReader(protectedHeader, CborConformanceMode.Strict);
        int? algorithm = null;
        var entries = reader.ReadStartMap() ?? throw Malformed("The protected header must have a definite length.");
        for (var i = 0; i < entries; i++)
        {
            var isAlgorithm = reader.PeekState() is CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger
                ? reader.ReadInt64() == AlgorithmLabel
                : SkipKey(reader);
            if (isAlgorithm) algorithm = reader.ReadInt32();
            else reader.SkipValue();
        }
        reader.ReadEndMap();
        if (reader.BytesRemaining != 0) throw Malformed("Bytes follow the protected header.");
        return algorithm switch
        {
            ES256 => DeviceKeyAlgorithm.ES256,
            EdDSA => DeviceKeyAlgorithm.Ed25519,
            null => throw Malformed("The protected header must name the algorithm (label 1)."),
            _ => throw Malformed($"Algorithm {algorithm} is not accepted: ES256 (-7) or EdDSA (-8)."),
        };
    }

    private static bool SkipKey(CborReader reader)
    {
        reader.SkipValue();
        return false;
    }

    private static void SkipUnprotected(CborReader reader)
    {
        if (reader.PeekState() != CborReaderState.StartMap) throw Malformed("The unprotected header is a map.");
        reader.SkipValue();
    }

    private static DomainRuleViolation Malformed(string detail) =>
        new(CaptureRuleCodes.StatementMalformed, "The capture statement is not a COSE_Sign1 message we can read: " + detail);
}
