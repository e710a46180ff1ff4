using System.Security.Cryptography;
using Ledger.Terminal.Capture;

namespace Ledger.Terminal.Tests.Vectors;

/// <summary>The vectors' device keys, made from the fixed private keys the document gives.</summary>
public static class VectorKeys
{
    /// <summary>The P-256 key whose private scalar is <paramref name="dHex"/>.</summary>
    public static ECDsa Es256(string dHex)
    {
        var d = Convert.FromHexString(dHex);
        using var derive = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
        var q = derive.ExportParameters(true).Q;
        return ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d, Q = q });
    }

    /// <summary>An Ed25519 key from its 32-byte seed, signing through NSec as a vendor's element would.</summary>
    public static DeviceKey Ed25519(string seedHex)
    {
        var key = NSec.Cryptography.Key.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, Convert.FromHexString(seedHex),
            NSec.Cryptography.KeyBlobFormat.RawPrivateKey, new NSec.Cryptography.KeyCreationParameters { ExportPolicy = NSec.Cryptography.KeyExportPolicies.None });
        return DeviceKey.External(DeviceKey.Ed25519, key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.PkixPublicKey),
            data => NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(key, data));
    }
}
