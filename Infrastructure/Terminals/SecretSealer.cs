using System.Security.Cryptography;

namespace Ledger.Infrastructure.Terminals;

/// <summary>
/// AES-256-GCM under the master key. The key id is the associated data, so a sealed secret copied onto
/// another key's row does not open.
/// </summary>
public sealed class SecretSealer
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private readonly byte[] _masterKey;

    public SecretSealer(byte[] masterKey)
    {
        if (masterKey.Length != 32) throw new ArgumentException("The master key must be 32 bytes (AES-256).", nameof(masterKey));
        _masterKey = masterKey;
    }

    /// <returns>nonce (12 bytes) ‖ tag (16 bytes) ‖ ciphertext.</returns>
    public byte[] Seal(string keyId, byte[] secret)
    {
        var sealedBytes = new byte[NonceBytes + TagBytes + secret.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_masterKey, TagBytes);
        aes.Encrypt(nonce, secret, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes),
            System.Text.Encoding.UTF8.GetBytes(keyId));
        return sealedBytes;
    }

    /// <exception cref="CryptographicException">Tampered, or sealed under another master key or key id.</exception>
    public byte[] Open(string keyId, byte[] sealedBytes)
    {
        var secret = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(_masterKey, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes),
            secret, System.Text.Encoding.UTF8.GetBytes(keyId));
        return secret;
    }
}
