using System.Security.Cryptography;
using System.Text;

namespace Ledger.Terminal.Capture;

/// <summary>
/// The key the terminal's camera module signs capture statements with: ES256 (P-256) or Ed25519. Its public key travels as
/// SubjectPublicKeyInfo (DER); its id is <c>dk_</c> + the first 32 hex digits of SHA-256 over that DER.
/// </summary>
public abstract class DeviceKey
{
    public const string ES256 = "ES256";
    public const string Ed25519 = "Ed25519";

    /// <summary><see cref="ES256"/> or <see cref="Ed25519"/>, as the service names them.</summary>
    public abstract string Algorithm { get; }

    /// <summary>SubjectPublicKeyInfo, DER.</summary>
    public abstract byte[] PublicKey { get; }

    /// <summary>COSE algorithm id: ES256 = -7, EdDSA = -8.</summary>
    public int CoseAlgorithm => Algorithm == ES256 ? -7 : -8;

    public string KeyId => IdOf(PublicKey);

    public static string IdOf(byte[] subjectPublicKeyInfo) => "dk_" + Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..32];

    /// <summary>A signature as COSE wants it (ES256: r‖s, 64 bytes; Ed25519: 64 bytes).</summary>
    public abstract byte[] SignForCose(byte[] data);

    /// <summary>A signature as the registration proof wants it (ES256: DER, as platform keystores give it; Ed25519: 64 bytes).</summary>
    public abstract byte[] SignForProof(byte[] data);

    /// <summary>What proves possession at registration: <c>ledger-device-key:v1\n{terminalId}\n{nonce}\n{deviceKeyId}</c>, UTF-8.</summary>
    public static byte[] ProofMessage(Guid terminalId, string nonce, string deviceKeyId) =>
        Encoding.UTF8.GetBytes($"ledger-device-key:v1\n{terminalId:D}\n{nonce}\n{deviceKeyId}");

    public byte[] Proof(Guid terminalId, string nonce) => SignForProof(ProofMessage(terminalId, nonce, KeyId));

    /// <summary>A P-256 key held by .NET (a software key, or one a platform provider backs).</summary>
    public static DeviceKey FromEcdsa(ECDsa key) => new Es256Key(key);

    /// <summary>
    /// A key in a secure element or another library: its public key (SPKI DER) and a function that signs raw bytes
    /// (ES256: return r‖s; it is turned into DER for the proof. Ed25519: the 64-byte signature).
    /// </summary>
    public static DeviceKey External(string algorithm, byte[] subjectPublicKeyInfo, Func<byte[], byte[]> sign) =>
        algorithm is ES256 or Ed25519 ? new ExternalKey(algorithm, subjectPublicKeyInfo, sign)
            : throw new ArgumentException("A device key is ES256 or Ed25519.", nameof(algorithm));

    private sealed class Es256Key(ECDsa key) : DeviceKey
    {
        public override string Algorithm => ES256;
        public override byte[] PublicKey { get; } = key.ExportSubjectPublicKeyInfo();
        public override byte[] SignForCose(byte[] data) => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        public override byte[] SignForProof(byte[] data) => key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
    }

    private sealed class ExternalKey(string algorithm, byte[] publicKey, Func<byte[], byte[]> sign) : DeviceKey
    {
        public override string Algorithm => algorithm;
        public override byte[] PublicKey => publicKey;
        public override byte[] SignForCose(byte[] data) => sign(data);
        public override byte[] SignForProof(byte[] data) => algorithm == ES256 ? EcdsaDer.FromRawRs(sign(data)) : sign(data);
    }
}
