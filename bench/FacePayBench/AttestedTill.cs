using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Ledger.Terminal;
using Ledger.Terminal.Capture;
using Ledger.Terminal.Http;
using Ledger.Terminal.Payments;

namespace Ledger.Bench.FacePay;

/// <summary>
/// The bench's own manufacturer root (P-256, self-signed CA), pinned by the service under test through
/// <c>Terminals:AttestationRoots</c>, so that the bench's tills are hardware-attested (no PIN, no 25.00 ceiling).
/// </summary>
internal sealed class BenchAttestationRoot : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;

    public BenchAttestationRoot()
    {
        var request = new CertificateRequest("CN=Ledger Bench Secure Element Root", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        PemFile = Path.Combine(Path.GetTempPath(), $"ledger-bench-root-{Environment.ProcessId}.pem");
        File.WriteAllText(PemFile, _certificate.ExportCertificatePem());
    }

    public string PemFile { get; }

    /// <summary>A device key's leaf certificate under this root (DER).</summary>
    public byte[] Certify(ECDsa deviceKey)
    {
        var request = new CertificateRequest("CN=bench camera module", deviceKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var leaf = request.Create(_certificate, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(12));
        return leaf.RawData;
    }

    public void Dispose()
    {
        File.Delete(PemFile);
        _certificate.Dispose();
        _key.Dispose();
    }
}

/// <summary>
/// A till with an attested camera module, through the terminal SDK: its own merchant and terminal, an ES256 device key
/// registered with a chain to the bench's root, and for each payment a capture challenge, the frames of the movement it
/// names, and the module's statement over them. One till per client: a statement's counter
/// must rise, so one module's payments go one at a time.
/// </summary>
internal sealed class AttestedTill : IDisposable
{
    private readonly HttpClient _http;
    private readonly Terminal _terminal;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private long _counter;

    private readonly DeviceKey _device;

    private AttestedTill(HttpClient http, Terminal terminal)
    {
        (_http, _terminal) = (http, terminal);
        _device = DeviceKey.FromEcdsa(_key);
        // Set-up only (registration, challenges): the timed payments go out one try each through BenchShop.SendAsync.
        Sdk = new TerminalClient(http, terminal.Credentials);
    }

    private TerminalClient Sdk { get; }

    public static async Task<AttestedTill> OpenAsync(HttpClient http, string operatorToken, BenchAttestationRoot root, int number)
    {
        var op = new AuthenticationHeaderValue("Bearer", operatorToken);
        var merchant = await BenchShop.OperatorAsync(http, op, "/v1/merchants", new { name = $"Bench Kiosk {number}", settlementCurrency = "EUR", settlementAccount = "DE89370400440532013000" });
        var registered = await BenchShop.OperatorAsync(http, op, "/v1/terminals", new { merchantId = merchant.GetProperty("merchantId").GetGuid(), label = $"attested till {number}" });
        var key = registered.GetProperty("key");
        var till = new AttestedTill(http, new Terminal(registered.GetProperty("terminalId").GetGuid(), key.GetProperty("keyId").GetString()!,
            key.GetProperty("secret").GetString()!, http.BaseAddress!));
        var device = await till.Sdk.RegisterDeviceKeyAsync(till._device, Guid.NewGuid().ToString("N"), [root.Certify(till._key)]);
        if (device.Assurance != "hardware-attested")
            throw new InvalidOperationException($"the bench till's key was registered as {device.Assurance}");
        return till;
    }

    /// <summary>A capture challenge for 1.00 EUR: its nonce and the movement it names.</summary>
    public async Task<(string Nonce, string Movement)> ChallengeAsync()
    {
        var challenge = await Sdk.RequestCaptureChallengeAsync(Amount.Parse("1.00", "EUR"), Guid.NewGuid().ToString("N"));
        return (challenge.Nonce, challenge.Movement ?? throw new InvalidOperationException("the bench's service asks for a movement"));
    }

    /// <summary>The signed verify-and-pay of 1.00 with the frames and the module's statement over them (not sent).</summary>
    public HttpRequestMessage Payment(Customer customer, string nonce, string movement, IReadOnlyList<byte[]> frames)
    {
        var amount = Amount.Parse("1.00", "EUR");
        var statement = CaptureStatement.ForFrames(_terminal.TerminalId, nonce, DateTimeOffset.UtcNow, Interlocked.Increment(ref _counter), amount, frames,
            movement).Sign(_device);
        var payment = new FacePayment(amount, CustomerHint.Phone(customer.Phone), Frames: frames, Statement: statement);
        return TerminalClient.SignedRequest(_terminal.Service, _terminal.Credentials, Sdk.PrepareFacePayment(payment, Guid.NewGuid().ToString("N")),
            DateTimeOffset.UtcNow);
    }

    public void Dispose() => _key.Dispose();
}
