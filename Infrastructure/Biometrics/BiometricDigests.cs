using System.Buffers.Binary;
using System.Security.Cryptography;
using Ledger.Domain.FacePay;

namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// How the records name a capture or an on-device template without keeping it: HMAC-SHA256 under the deployment's
/// digest key (in the <see cref="IBiometricKeyStore"/>, never in the database), lower-case hex. A plain SHA-256 could be
/// matched against a known photo of a person by anyone reading the events or an export; this can only be recomputed
/// by the deployment itself. (The event fields keep their historical names, <c>captureSha256</c>.)
/// </summary>
public sealed class BiometricDigests(byte[] key)
{
    public const string SecretName = "capture-digest-key";

    public static BiometricDigests From(IBiometricKeyStore keys) => new(keys.Secret(SecretName));

    public string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(HMACSHA256.HashData(key, bytes));

    public string Of(FaceProbe probe) => probe switch
    {
        CapturedFace capture => Of(capture.Image),
        DeviceTemplate template => Of(template.Values),
        // The sequence by the keyed digests of its frames in order.
        CapturedFrames sequence => Of(System.Text.Encoding.ASCII.GetBytes(string.Join('\n', sequence.Frames.Select(f => Of(f))))),
        _ => throw new ArgumentOutOfRangeException(nameof(probe), probe.GetType().Name, "Not a kind of probe."),
    };

    /// <summary>Of the values as little-endian float32, so the same template always has the same digest.</summary>
    public string Of(IReadOnlyList<float> values)
    {
        var bytes = new byte[values.Count * sizeof(float)];
        for (var i = 0; i < values.Count; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        return Of(bytes);
    }
}
