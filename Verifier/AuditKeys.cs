using NSec.Cryptography;

namespace Ledger.Verifier;

/// <summary>What a verifier needs of the Ed25519 keys that sign checkpoints: their short id, and whether they signed a text.</summary>
public static class AuditKeys
{
    private static readonly SignatureAlgorithm Ed25519 = SignatureAlgorithm.Ed25519;

    /// <summary>Short fingerprint to compare by eye: the first 8 bytes of SHA-256 of the public key, hex.</summary>
    public static string KeyIdOf(ReadOnlySpan<byte> publicKey) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(publicKey).AsSpan(0, 8));

    /// <summary>True when <paramref name="signature"/> is <paramref name="publicKey"/>'s Ed25519 signature of <paramref name="message"/>; false for anything that is not a key.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!PublicKey.TryImport(Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var key) || key is null)
            return false;
        return Ed25519.Verify(key, message, signature);
    }
}
