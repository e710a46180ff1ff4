using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// AES-256-GCM of a template under the customer's data key. The template id and model id are the associated
/// data, so a ciphertext moved to another row or relabelled with another model does not open.
/// </summary>
public static class TemplateCipher
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public static byte[] NewDataKey() => RandomNumberGenerator.GetBytes(32);

    /// <returns>nonce (12) ‖ tag (16) ‖ ciphertext of the little-endian float32 values.</returns>
    public static byte[] Seal(byte[] dataKey, Guid templateId, string modelId, IReadOnlyList<float> values)
    {
        var plain = new byte[values.Count * sizeof(float)];
        for (var i = 0; i < values.Count; i++)
            BinaryPrimitives.WriteSingleLittleEndian(plain.AsSpan(i * sizeof(float)), values[i]);
        var sealedBytes = new byte[NonceBytes + TagBytes + plain.Length];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, NonceBytes));
        using var aes = new AesGcm(dataKey, TagBytes);
        aes.Encrypt(sealedBytes.AsSpan(0, NonceBytes), plain, sealedBytes.AsSpan(NonceBytes + TagBytes),
            sealedBytes.AsSpan(NonceBytes, TagBytes), AssociatedData(templateId, modelId));
        CryptographicOperations.ZeroMemory(plain);
        return sealedBytes;
    }

    /// <exception cref="CryptographicException">Wrong key, tampered, or another template's or model's ciphertext.</exception>
    public static float[] Open(byte[] dataKey, Guid templateId, string modelId, byte[] sealedBytes)
    {
        if (sealedBytes.Length < NonceBytes + TagBytes || (sealedBytes.Length - NonceBytes - TagBytes) % sizeof(float) != 0)
            throw new CryptographicException("Not a sealed template.");
        var plain = new byte[sealedBytes.Length - NonceBytes - TagBytes];
        using var aes = new AesGcm(dataKey, TagBytes);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceBytes), sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes),
            plain, AssociatedData(templateId, modelId));
        var values = new float[plain.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(plain.AsSpan(i * sizeof(float)));
        CryptographicOperations.ZeroMemory(plain);
        return values;
    }

    private static byte[] AssociatedData(Guid templateId, string modelId) =>
        System.Text.Encoding.UTF8.GetBytes($"face-template:v1:{templateId:N}:{modelId}");
}
