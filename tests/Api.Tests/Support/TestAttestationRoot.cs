using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// A manufacturer's attestation root made for this test run (P-256, self-signed, CA), pinned by the service through
/// <c>Terminals:AttestationRoots</c>; <see cref="Certify"/> issues a device key's leaf under it, as a secure element's
/// factory would. <see cref="Other"/> is a root nobody pinned.
/// </summary>
public sealed class TestAttestationRoot
{
    private static readonly Lazy<TestAttestationRoot> Pinned = new(() => new TestAttestationRoot("Ledger Test Secure Element Root"));
    private static readonly Lazy<string> File = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"ledger-attestation-root-{Environment.ProcessId}.pem");
        System.IO.File.WriteAllText(path, Pinned.Value.Certificate.ExportCertificatePem());
        return path;
    });

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestAttestationRoot(string name)
    {
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
    }

    public static TestAttestationRoot Trusted => Pinned.Value;

    public static string PemFile => File.Value;

    public static TestAttestationRoot Other() => new("Somebody Else's Root");

    public X509Certificate2 Certificate { get; }

    /// <summary>A leaf certificate for <paramref name="deviceKey"/>, signed by this root.</summary>
    public byte[] Certify(ECDsa deviceKey, DateTimeOffset? notAfter = null)
    {
        var request = new CertificateRequest("CN=terminal camera module", deviceKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var serial = RandomNumberGenerator.GetBytes(12);
        using var leaf = request.Create(Certificate, DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(1), serial);
        return leaf.RawData;
    }
}
