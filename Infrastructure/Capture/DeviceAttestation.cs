using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ledger.Domain;
using Ledger.Domain.Capture;
using Ledger.Domain.Terminals;

namespace Ledger.Infrastructure.Capture;

/// <summary>
/// What a device key's registration proves: possession (the key signed our challenge) and, with a certificate chain,
/// where the key lives: the chain must end in one of the pinned manufacturer roots (no system trust store, no other
/// root) and its leaf must certify exactly the key being registered.
/// </summary>
public sealed class DeviceAttestation(IReadOnlyList<X509Certificate2> pinnedRoots)
{
    public const int MaxChainLength = 5;

    /// <summary>The bytes a terminal signs to prove it holds the key: purpose, terminal, nonce and the key's id.</summary>
    public static byte[] ProofMessage(Guid terminalId, string nonce, string deviceKeyId) =>
        System.Text.Encoding.UTF8.GetBytes($"ledger-device-key:v1\n{terminalId:D}\n{nonce}\n{deviceKeyId}");

    /// <exception cref="DomainRuleViolation">device_key_proof_invalid.</exception>
    public static void CheckProof(DeviceKeyAlgorithm algorithm, byte[] subjectPublicKeyInfo, Guid terminalId, string nonce, byte[] proof)
    {
        if (!DeviceSignatures.IsAcceptableKey(algorithm, subjectPublicKeyInfo))
            throw new DomainRuleViolation(CaptureRuleCodes.DeviceKeyProofInvalid,
                $"The public key is not an {algorithm} key (SubjectPublicKeyInfo, DER; ES256 keys are on P-256).");
        if (!DeviceSignatures.Verify(algorithm, subjectPublicKeyInfo, ProofMessage(terminalId, nonce, DeviceKey.IdOf(subjectPublicKeyInfo)), proof, der: true))
            throw new DomainRuleViolation(CaptureRuleCodes.DeviceKeyProofInvalid,
                "The proof does not verify: sign \"ledger-device-key:v1\\n{terminalId}\\n{nonce}\\n{deviceKeyId}\" with the key (ES256: DER signature).");
    }

    /// <param name="chain">DER certificates, the leaf first; empty for a key nobody vouches for.</param>
    /// <returns>The assurance, and the SHA-256 of the pinned root the chain ended in.</returns>
    /// <exception cref="DomainRuleViolation">attestation_invalid.</exception>
    public (DeviceAssurance Assurance, string? RootSha256) Assess(DeviceKeyAlgorithm algorithm, byte[] subjectPublicKeyInfo,
        IReadOnlyList<byte[]> chain, DateTimeOffset now)
    {
        if (chain.Count == 0) return (DeviceAssurance.Registered, null);
        if (algorithm != DeviceKeyAlgorithm.ES256)
            throw Invalid("Only ES256 keys (secure elements, platform keystores) can be hardware-attested.");
        if (chain.Count > MaxChainLength) throw Invalid($"At most {MaxChainLength} certificates.");
        if (pinnedRoots.Count == 0) throw Invalid("This service pins no attestation root (Terminals:AttestationRoots): it cannot check a chain.");
        var certificates = new List<X509Certificate2>();
        try
        {
            foreach (var der in chain) certificates.Add(X509CertificateLoader.LoadCertificate(der));
            var leaf = certificates[0];
            if (!leaf.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(subjectPublicKeyInfo))
                throw Invalid("The leaf certificate certifies another key than the one registered.");
            using var builder = new X509Chain();
            builder.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            builder.ChainPolicy.CustomTrustStore.AddRange(pinnedRoots.ToArray());
            builder.ChainPolicy.ExtraStore.AddRange(certificates.Skip(1).ToArray());
            builder.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            builder.ChainPolicy.VerificationTime = now.UtcDateTime;
            builder.ChainPolicy.VerificationTimeIgnored = false;
            if (!builder.Build(leaf))
                throw Invalid("The chain does not end in a pinned root: " +
                              string.Join("; ", builder.ChainStatus.Select(s => s.StatusInformation.Trim()).Distinct()));
            var root = builder.ChainElements[^1].Certificate;
            if (!pinnedRoots.Any(p => p.RawDataMemory.Span.SequenceEqual(root.RawDataMemory.Span)))
                throw Invalid("The chain does not end in a pinned root.");
            return (DeviceAssurance.HardwareAttested, Convert.ToHexStringLower(SHA256.HashData(root.RawDataMemory.Span)));
        }
        catch (CryptographicException e)
        {
            throw Invalid("A certificate cannot be read: " + e.Message);
        }
        finally
        {
            foreach (var certificate in certificates) certificate.Dispose();
        }
    }

    /// <summary>The pinned roots from a PEM file (Terminals:AttestationRoots); none when no file is configured.</summary>
    public static DeviceAttestation FromPemFile(string? path)
    {
        if (string.IsNullOrWhiteSpace(path)) return new DeviceAttestation([]);
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        if (roots.Count == 0) throw new InvalidOperationException($"Terminals:AttestationRoots names {path}, which holds no certificate.");
        return new DeviceAttestation(roots.ToList());
    }

    private static DomainRuleViolation Invalid(string detail) => new(CaptureRuleCodes.AttestationInvalid, detail);
}
