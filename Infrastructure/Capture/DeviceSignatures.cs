using System.Security.Cryptography;
using Ledger.Domain.Terminals;

namespace Ledger.Infrastructure.Capture;

/// <summary>
/// Checks a device key's signature. ES256 keys are P-256 only; their signatures come as DER (the proof at registration,
/// as platform keystores produce it) or as r‖s (inside COSE, RFC 9053). Ed25519 through libsodium (NSec).
/// </summary>
public static class DeviceSignatures
{
    private const string P256 = "1.2.840.10045.3.1.7";

    /// <summary>Whether <paramref name="subjectPublicKeyInfo"/> is a key of <paramref name="algorithm"/> we accept.</summary>
    public static bool IsAcceptableKey(DeviceKeyAlgorithm algorithm, byte[] subjectPublicKeyInfo)
    {
        try
        {
            return algorithm switch
            {
                DeviceKeyAlgorithm.ES256 => IsP256(subjectPublicKeyInfo),
                DeviceKeyAlgorithm.Ed25519 => NSec.Cryptography.PublicKey.TryImport(NSec.Cryptography.SignatureAlgorithm.Ed25519, subjectPublicKeyInfo,
                    NSec.Cryptography.KeyBlobFormat.PkixPublicKey, out var key) && key is not null,
                _ => false,
            };
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <param name="der">For ES256: the signature is DER (true) or IEEE P1363 r‖s (false, as in COSE). Ignored for Ed25519.</param>
    public static bool Verify(DeviceKeyAlgorithm algorithm, byte[] subjectPublicKeyInfo, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, bool der)
    {
        try
        {
            switch (algorithm)
            {
                case DeviceKeyAlgorithm.ES256:
                    if (!IsP256(subjectPublicKeyInfo)) return false;
                    using (var key = ECDsa.Create())
                    {
                        key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out _);
                        return key.VerifyData(data, signature, HashAlgorithmName.SHA256,
                            der ? DSASignatureFormat.Rfc3279DerSequence : DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                    }
                case DeviceKeyAlgorithm.Ed25519:
                    var algorithmEd = NSec.Cryptography.SignatureAlgorithm.Ed25519;
                    return NSec.Cryptography.PublicKey.TryImport(algorithmEd, subjectPublicKeyInfo, NSec.Cryptography.KeyBlobFormat.PkixPublicKey, out var publicKey)
                           && publicKey is not null && algorithmEd.Verify(publicKey, data, signature);
                default:
                    return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static bool IsP256(byte[] subjectPublicKeyInfo)
    {
        using var key = ECDsa.Create();
        key.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
        return read == subjectPublicKeyInfo.Length && key.ExportParameters(false).Curve.Oid.Value == P256;
    }
}
