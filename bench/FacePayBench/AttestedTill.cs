using System.Formats.Cbor;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

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
/// A till with an attested camera module, as README's "Attested capture" describes it: its own merchant and terminal,
/// an ES256 device key registered with a chain to the bench's root, and for each payment a capture challenge, the
/// frames of the movement it names, and a COSE_Sign1 statement over them. One till per client: a statement's counter
/// must rise, so one module's payments go one at a time.
/// </summary>
internal sealed class AttestedTill : IDisposable
{
    private readonly HttpClient _http;
    private readonly Terminal _terminal;
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private long _counter;

    private AttestedTill(HttpClient http, Terminal terminal) => (_http, _terminal) = (http, terminal);

    public static async Task<AttestedTill> OpenAsync(HttpClient http, string operatorToken, BenchAttestationRoot root, int number)
    {
        var op = new AuthenticationHeaderValue("Bearer", operatorToken);
        var merchant = await BenchShop.OperatorAsync(http, op, "/v1/merchants", new { name = $"Bench Kiosk {number}", settlementCurrency = "EUR", settlementAccount = "DE89370400440532013000" });
        var registered = await BenchShop.OperatorAsync(http, op, "/v1/terminals", new { merchantId = merchant.GetProperty("merchantId").GetGuid(), label = $"attested till {number}" });
        var key = registered.GetProperty("key");
        var till = new AttestedTill(http, new Terminal(registered.GetProperty("terminalId").GetGuid(), key.GetProperty("keyId").GetString()!, key.GetProperty("secret").GetString()!));
        var publicKey = till._key.ExportSubjectPublicKeyInfo();
        var keyId = "dk_" + Convert.ToHexStringLower(SHA256.HashData(publicKey))[..32];
        var nonce = (await till.TerminalAsync("/v1/device-keys/challenges", new { terminalId = till._terminal.TerminalId })).GetProperty("nonce").GetString()!;
        var proof = till._key.SignData(Encoding.UTF8.GetBytes($"ledger-device-key:v1\n{till._terminal.TerminalId:D}\n{nonce}\n{keyId}"),
            HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var device = await till.TerminalAsync("/v1/device-keys", new
        {
            terminalId = till._terminal.TerminalId, algorithm = "ES256", publicKey = Convert.ToBase64String(publicKey), nonce,
            proof = Convert.ToBase64String(proof), attestation = new[] { Convert.ToBase64String(root.Certify(till._key)) },
        });
        if (device.GetProperty("assurance").GetString() != "hardware-attested")
            throw new InvalidOperationException($"the bench till's key was registered as {device.GetProperty("assurance")}");
        return till;
    }

    /// <summary>A capture challenge for 1.00 EUR: its nonce and the movement it names.</summary>
    public async Task<(string Nonce, string Movement)> ChallengeAsync()
    {
        var challenge = await TerminalAsync("/v1/face-payments/challenges", new { terminalId = _terminal.TerminalId, amount = "1.00", currency = "EUR" });
        return (challenge.GetProperty("nonce").GetString()!, challenge.GetProperty("movement").GetString()!);
    }

    /// <summary>The signed verify-and-pay of 1.00 with the frames and a statement over them (not sent).</summary>
    public HttpRequestMessage Payment(Customer customer, string nonce, string movement, IReadOnlyList<byte[]> frames) =>
        TerminalSigner.Post(_terminal, "/v1/face-payments", JsonSerializer.SerializeToUtf8Bytes(new
        {
            terminalId = _terminal.TerminalId, amount = "1.00", currency = "EUR", customer = new { phoneNumber = customer.Phone },
            frames = frames.Select(Convert.ToBase64String).ToArray(),
            statement = Convert.ToBase64String(CoseSign1Message.SignEmbedded(Claims(nonce, movement, frames), new CoseSigner(_key, HashAlgorithmName.SHA256))),
        }), Guid.NewGuid().ToString("N"));

    // README's statement: deterministic CBOR of the version, terminal, nonce, time, counter, amount, currency, movement,
    // frame digests and models (the bench names none).
    private byte[] Claims(string nonce, string movement, IReadOnlyList<byte[]> frames)
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartMap(10);
        w.WriteTextString("liveness"); w.WriteTextString(movement);
        w.WriteTextString("v"); w.WriteInt32(1);
        w.WriteTextString("terminal"); w.WriteTextString(_terminal.TerminalId.ToString());
        w.WriteTextString("nonce"); w.WriteTextString(nonce);
        w.WriteTextString("at"); w.WriteInt64(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        w.WriteTextString("counter"); w.WriteInt64(Interlocked.Increment(ref _counter));
        w.WriteTextString("amount"); w.WriteInt64(100);
        w.WriteTextString("currency"); w.WriteTextString("EUR");
        w.WriteTextString("frames");
        w.WriteStartArray(frames.Count);
        foreach (var frame in frames) w.WriteByteString(SHA256.HashData(frame));
        w.WriteEndArray();
        w.WriteTextString("models"); w.WriteStartArray(0); w.WriteEndArray();
        w.WriteEndMap();
        return w.Encode();
    }

    private async Task<JsonElement> TerminalAsync(string path, object body)
    {
        using var response = await _http.SendAsync(TerminalSigner.Post(_terminal, path, JsonSerializer.SerializeToUtf8Bytes(body), Guid.NewGuid().ToString("N")));
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode != 201) throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => _key.Dispose();
}
