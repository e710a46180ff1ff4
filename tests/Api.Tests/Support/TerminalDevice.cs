using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Terminal.Capture;

namespace Ledger.Api.Tests.Support;

/// <summary>
/// A terminal's camera module: a device key (ES256 in a "secure element", or Ed25519 signed by NSec as another vendor's
/// element would) with the terminal SDK's proof and capture statements (<see cref="DeviceKey"/>,
/// <see cref="CaptureStatement"/>); tests bend the claims to forge or mismatch one. tests/Terminal.Tests holds the SDK's
/// statements to .NET's own COSE library, an implementation neither side shares.
/// </summary>
public sealed class TerminalDevice : IDisposable
{
    private readonly ECDsa? _ec;
    private readonly NSec.Cryptography.Key? _ed;

    private TerminalDevice(ECDsa? ec, NSec.Cryptography.Key? ed)
    {
        _ec = ec;
        _ed = ed;
        Key = ec is not null ? DeviceKey.FromEcdsa(ec)
            : DeviceKey.External(DeviceKey.Ed25519, ed!.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.PkixPublicKey),
                data => NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(ed, data));
    }

    /// <summary>The key as the terminal SDK holds it.</summary>
    public DeviceKey Key { get; }

    public static TerminalDevice Es256() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256), null);

    public static TerminalDevice Ed25519() => new(null, NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519));

    public byte[] PublicKey => Key.PublicKey;

    public string Algorithm => Key.Algorithm;

    public ECDsa EcKey => _ec ?? throw new InvalidOperationException("not an ES256 device");

    public string KeyId => Key.KeyId;

    /// <summary>The last counter this device put in a statement; each statement takes the next.</summary>
    public long Counter { get; set; }

    public byte[] Proof(Guid terminalId, string nonce) => Key.Proof(terminalId, nonce);

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
    /// <param name="Liveness">The head movement the module asked of the shopper (turn_left, turn_right, look_up), if any.</param>
    public sealed record Claims(Guid TerminalId, string Nonce, DateTimeOffset At, long Counter, long AmountMinor, string Currency,
        IReadOnlyList<byte[]> Frames, float[]? Template = null, string? Liveness = null);

    public Claims ClaimsFor(TerminalCredential terminal, string nonce, DateTimeOffset at, string amount, params byte[][] frames) =>
        new(terminal.TerminalId, nonce, at, ++Counter, (long)(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture) * 100), "EUR", frames);

    /// <summary>The statement, base64: the claims signed by this module's key, as the terminal SDK signs them.</summary>
    public string Statement(Claims claims) => StatementOf(claims).SignBase64(Key);

    /// <summary>The claims as the SDK's statement: frames (or the template) by their SHA-256.</summary>
    public static CaptureStatement StatementOf(Claims c) =>
        new(c.TerminalId, c.Nonce, c.At, c.Counter, c.AmountMinor, c.Currency,
            c.Template is null ? c.Frames.Select(f => SHA256.HashData(f)).ToList() : [],
            c.Template is { } template ? CaptureStatement.TemplateDigest(template) : null, c.Liveness);

    public void Dispose()
    {
        _ec?.Dispose();
        _ed?.Dispose();
    }
}
