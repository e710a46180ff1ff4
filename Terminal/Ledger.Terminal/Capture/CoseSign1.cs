using System.Formats.Cbor;

namespace Ledger.Terminal.Capture;

/// <summary>
/// COSE_Sign1 (RFC 9052 §4.2) as capture statements use it: tag 18 around [protected header, unprotected header {},
/// payload (embedded), signature], the protected header being the serialized map {1: alg} (ES256 = -7, EdDSA = -8),
/// signed over the Sig_structure ["Signature1", protected header, h'', payload], all in deterministic CBOR.
/// </summary>
public static class CoseSign1
{
    public const int Tag = 18;

    public static byte[] ProtectedHeader(int coseAlgorithm)
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartMap(1);
        w.WriteInt32(1);
        w.WriteInt32(coseAlgorithm);
        w.WriteEndMap();
        return w.Encode();
    }

    /// <summary>The bytes the device key signs.</summary>
    public static byte[] SigStructure(byte[] protectedHeader, byte[] payload)
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartArray(4);
        w.WriteTextString("Signature1");
        w.WriteByteString(protectedHeader);
        w.WriteByteString([]);
        w.WriteByteString(payload);
        w.WriteEndArray();
        return w.Encode();
    }

    public static byte[] Sign(DeviceKey key, byte[] payload)
    {
        var protectedHeader = ProtectedHeader(key.CoseAlgorithm);
        var signature = key.SignForCose(SigStructure(protectedHeader, payload));
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteTag((CborTag)Tag);
        w.WriteStartArray(4);
        w.WriteByteString(protectedHeader);
        w.WriteStartMap(0);
        w.WriteEndMap();
        w.WriteByteString(payload);
        w.WriteByteString(signature);
        w.WriteEndArray();
        return w.Encode();
    }
}
