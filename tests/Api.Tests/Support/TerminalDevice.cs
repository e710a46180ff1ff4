using System.Formats.Cbor;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Text;
using System.Text.Json;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// A terminal's camera module as README describes it (written from the description, not the server's code): a device
/// key (ES256 in a "secure element", or Ed25519 in software), registration over a challenge, and capture statements
/// as COSE_Sign1 over deterministic CBOR. ES256 statements are signed by .NET's own COSE library, so the service is
/// checked against an implementation it does not share; Ed25519 ones are assembled here by hand.
/// </summary>
public sealed class TerminalDevice : IDisposable
{
    private readonly ECDsa? _ec;
    private readonly NSec.Cryptography.Key? _ed;

    private TerminalDevice(ECDsa? ec, NSec.Cryptography.Key? ed)
    {
        _ec = ec;
        _ed = ed;
        PublicKey = ec is not null ? ec.ExportSubjectPublicKeyInfo()
            : ed!.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.PkixPublicKey);
    }

    public static TerminalDevice Es256() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), null);

    public static TerminalDevice Ed25519() => new(null, NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519));

    public byte[] PublicKey { get; }

    public string Algorithm => _ec is not null ? "ES256" : "Ed25519";

    public ECDsa EcKey => _ec ?? throw new InvalidOperationException("not an ES256 device");

    public string KeyId => "dk_" + Convert.ToHexStringLower(SHA256.HashData(PublicKey))[..32];

    /// <summary>The last counter this device put in a statement; each statement takes the next.</summary>
    public long Counter { get; set; }

    public byte[] Sign(byte[] data, bool der) =>
        _ec is not null
            ? _ec.SignData(data, HashAlgorithmName.SHA256, der ? DSASignatureFormat.Rfc3279DerSequence : DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            : NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(_ed!, data);

    public byte[] Proof(Guid terminalId, string nonce) =>
        Sign(Encoding.UTF8.GetBytes($"ledger-device-key:v1\n{terminalId:D}\n{nonce}\n{KeyId}"), der: true);

    public static Task<JsonElement> ChallengeAsync(ApiFixture api, TerminalCredential terminal, string path, object body) =>
        ChallengeAsync((p, b) => api.PostSignedAsync(terminal, p, b, ApiFixture.Key()), path, body);

    /// <param name="post">Sends a request signed by the terminal (to the shared fixture or a service of its own).</param>
    public static async Task<JsonElement> ChallengeAsync(Func<string, object, Task<HttpResponseMessage>> post, string path, object body)
    {
        var response = await post(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asks for a challenge and registers this key, with a chain under <paramref name="attestedBy"/> if given.</summary>
    public Task<HttpResponseMessage> RegisterAsync(ApiFixture api, TerminalCredential terminal, TestAttestationRoot? attestedBy = null) =>
        RegisterAsync((p, b) => api.PostSignedAsync(terminal, p, b, ApiFixture.Key()), terminal, attestedBy);

    public async Task<HttpResponseMessage> RegisterAsync(Func<string, object, Task<HttpResponseMessage>> post, TerminalCredential terminal,
        TestAttestationRoot? attestedBy = null)
    {
        var nonce = (await ChallengeAsync(post, "/v1/device-keys/challenges", new { terminalId = terminal.TerminalId })).GetProperty("nonce").GetString()!;
        return await post("/v1/device-keys", new
        {
            terminalId = terminal.TerminalId, algorithm = Algorithm, publicKey = Convert.ToBase64String(PublicKey), nonce,
            proof = Convert.ToBase64String(Proof(terminal.TerminalId, nonce)),
            attestation = attestedBy is null ? null : new[] { Convert.ToBase64String(attestedBy.Certify(EcKey)) },
        });
    }

    public async Task RegisteredAsync(ApiFixture api, TerminalCredential terminal, TestAttestationRoot? attestedBy = null)
    {
        var response = await RegisterAsync(api, terminal, attestedBy);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A capture challenge for this payment: its nonce.</summary>
    public static async Task<string> CaptureChallengeAsync(ApiFixture api, TerminalCredential terminal, string amount, string currency = "EUR") =>
        (await ChallengeAsync(api, terminal, "/v1/face-payments/challenges", new { terminalId = terminal.TerminalId, amount, currency }))
        .GetProperty("nonce").GetString()!;

    /// <summary>What the module signs; tests change a field to forge or mismatch one.</summary>
    public sealed record Claims(Guid TerminalId, string Nonce, DateTimeOffset At, long Counter, long AmountMinor, string Currency,
        IReadOnlyList<byte[]> Frames, float[]? Template = null);

    public Claims ClaimsFor(TerminalCredential terminal, string nonce, DateTimeOffset at, string amount, params byte[][] frames) =>
        new(terminal.TerminalId, nonce, at, ++Counter, (long)(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture) * 100), "EUR", frames);

    /// <summary>The statement, base64: COSE_Sign1 over the claims as canonical CBOR.</summary>
    public string Statement(Claims claims)
    {
        var payload = Payload(claims);
        if (_ec is not null) return Convert.ToBase64String(CoseSign1Message.SignEmbedded(payload, new CoseSigner(_ec, HashAlgorithmName.SHA256)));
        return Convert.ToBase64String(Ed25519Cose(payload));
    }

    public static byte[] Payload(Claims c)
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartMap(9);
        w.WriteTextString("v"); w.WriteInt32(1);
        w.WriteTextString("terminal"); w.WriteTextString(c.TerminalId.ToString());
        w.WriteTextString("nonce"); w.WriteTextString(c.Nonce);
        w.WriteTextString("at"); w.WriteInt64(c.At.ToUnixTimeSeconds());
        w.WriteTextString("counter"); w.WriteInt64(c.Counter);
        w.WriteTextString("amount"); w.WriteInt64(c.AmountMinor);
        w.WriteTextString("currency"); w.WriteTextString(c.Currency);
        if (c.Template is { } template)
        {
            var bytes = new byte[template.Length * 4];
            for (var i = 0; i < template.Length; i++) System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), template[i]);
            w.WriteTextString("template"); w.WriteByteString(SHA256.HashData(bytes));
        }
        else
        {
            w.WriteTextString("frames");
            w.WriteStartArray(c.Frames.Count);
            foreach (var frame in c.Frames) w.WriteByteString(SHA256.HashData(frame));
            w.WriteEndArray();
        }
        w.WriteTextString("models"); w.WriteStartArray(0); w.WriteEndArray();
        w.WriteEndMap();
        return w.Encode();
    }

    private byte[] Ed25519Cose(byte[] payload)
    {
        var header = new CborWriter(CborConformanceMode.Canonical);
        header.WriteStartMap(1); header.WriteInt32(1); header.WriteInt32(-8); header.WriteEndMap();
        var protectedHeader = header.Encode();
        var tbs = new CborWriter(CborConformanceMode.Canonical);
        tbs.WriteStartArray(4); tbs.WriteTextString("Signature1"); tbs.WriteByteString(protectedHeader); tbs.WriteByteString([]); tbs.WriteByteString(payload);
        tbs.WriteEndArray();
        var cose = new CborWriter(CborConformanceMode.Canonical);
        cose.WriteStartArray(4);
        cose.WriteByteString(protectedHeader);
        cose.WriteStartMap(0); cose.WriteEndMap();
        cose.WriteByteString(payload);
        cose.WriteByteString(Sign(tbs.Encode(), der: false));
        cose.WriteEndArray();
        return cose.Encode();
    }

    public void Dispose()
    {
        _ec?.Dispose();
        _ed?.Dispose();
    }
}
