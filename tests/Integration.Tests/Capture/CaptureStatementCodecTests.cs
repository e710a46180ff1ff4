using System.Formats.Cbor;
using System.Security.Cryptography;
using Ledger.Domain;
using Ledger.Domain.Capture;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure.Capture;

namespace Ledger.Integration.Tests.Capture;

/// <summary>
/// The statement's bytes are read strictly: one byte string means one statement. Round trip, .NET's own COSE library
/// against ours, and the ambiguous or malformed shapes an attacker could try.
/// </summary>
public sealed class CaptureStatementCodecTests
{
    private static readonly CaptureStatement Statement = new(1, Guid.Parse("6f1c1d0e-55a3-4c8e-9d7e-0a4c2b1e9f00"), "AAAAAAAAAAAAAAAAAAAAAA",
        DateTimeOffset.FromUnixTimeSeconds(1_790_000_000), 42, 1250, "EUR", [new string('a', 64), new string('b', 64)], null, HeadMovement.TurnLeft,
        [new ModelDigest("face_recognition@1.7.15", new string('c', 64))]);

    private static string Code(Action act) => Assert.Throws<DomainRuleViolation>(act).Code;

    [Fact]
    public void A_statement_survives_its_own_encoding()
    {
        var decoded = CaptureStatementCodec.Decode(CaptureStatementCodec.Encode(Statement));

        Assert.Equal(Statement with { FrameSha256 = [], Models = [] }, decoded with { FrameSha256 = [], Models = [] });
        Assert.Equal(Statement.FrameSha256, decoded.FrameSha256);
        Assert.Equal(Statement.Models, decoded.Models);
    }

    [Fact]
    public void A_map_out_of_canonical_order_an_unknown_field_or_a_duplicate_key_is_malformed()
    {
        var lax = new CborWriter(CborConformanceMode.Lax);
        lax.WriteStartMap(2);
        lax.WriteTextString("nonce"); lax.WriteTextString("x");
        lax.WriteTextString("v"); lax.WriteInt32(1);
        lax.WriteEndMap();
        Assert.Equal(CaptureRuleCodes.StatementMalformed, Code(() => CaptureStatementCodec.Decode(lax.Encode())));

        var unknown = new CborWriter(CborConformanceMode.Canonical);
        unknown.WriteStartMap(1); unknown.WriteTextString("amountMajor"); unknown.WriteInt32(12); unknown.WriteEndMap();
        Assert.Equal(CaptureRuleCodes.StatementMalformed, Code(() => CaptureStatementCodec.Decode(unknown.Encode())));

        var twice = new CborWriter(CborConformanceMode.Lax);
        twice.WriteStartMap(2);
        twice.WriteTextString("v"); twice.WriteInt32(1);
        twice.WriteTextString("v"); twice.WriteInt32(1);
        twice.WriteEndMap();
        Assert.Equal(CaptureRuleCodes.StatementMalformed, Code(() => CaptureStatementCodec.Decode(twice.Encode())));
    }

    private static byte[] Map(params (string Key, Action<CborWriter> Write)[] fields)
    {
        var w = new CborWriter(CborConformanceMode.Canonical);
        w.WriteStartMap(fields.Length);
        foreach (var (key, write) in fields)
        {
            w.WriteTextString(key);
            write(w);
        }
        w.WriteEndMap();
        return w.Encode();
    }

    private static (string, Action<CborWriter>)[] Required =>
    [
        ("v", w => w.WriteInt32(1)), ("terminal", w => w.WriteTextString(Statement.TerminalId.ToString())), ("nonce", w => w.WriteTextString(Statement.Nonce)),
        ("at", w => w.WriteInt64(1_790_000_000)), ("counter", w => w.WriteInt64(1)), ("amount", w => w.WriteInt64(1250)),
        ("currency", w => w.WriteTextString("EUR")), ("models", w => { w.WriteStartArray(0); w.WriteEndArray(); }),
    ];

    private static readonly (string, Action<CborWriter>) Frames = ("frames", w => { w.WriteStartArray(1); w.WriteByteString(new byte[32]); w.WriteEndArray(); });
    private static readonly (string, Action<CborWriter>) Template = ("template", w => w.WriteByteString(new byte[32]));

    [Fact]
    public void A_statement_missing_a_field_or_naming_both_frames_and_a_template_or_neither_is_malformed()
    {
        Assert.Equal(1, CaptureStatementCodec.Decode(Map([.. Required, Frames])).Counter);
        Assert.Equal(CaptureRuleCodes.StatementMalformed, Code(() => CaptureStatementCodec.Decode(Map([.. Required.Where(f => f.Item1 != "counter"), Frames]))));
        Assert.Equal(CaptureRuleCodes.StatementMalformed, Code(() => CaptureStatementCodec.Decode(Map([.. Required, Frames, Template]))));
        Assert.Equal(CaptureRuleCodes.StatementMalformed, Code(() => CaptureStatementCodec.Decode(Map(Required))));
        Assert.Equal(CaptureRuleCodes.StatementMalformed, Code(() =>
            CaptureStatementCodec.Decode(Map([.. Required, ("template", w => w.WriteByteString(new byte[31]))]))));
    }

    [Fact]
    public void Net_COSE_signs_what_we_verify_and_one_changed_byte_or_a_trailing_byte_does_not_verify()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = CaptureStatementCodec.Encode(Statement);
        var signed = System.Security.Cryptography.Cose.CoseSign1Message.SignEmbedded(payload,
            new System.Security.Cryptography.Cose.CoseSigner(key, HashAlgorithmName.SHA256));
        var spki = key.ExportSubjectPublicKeyInfo();

        var message = CoseSign1.Decode(signed);
        Assert.Equal(DeviceKeyAlgorithm.ES256, message.Algorithm);
        Assert.True(DeviceSignatures.Verify(DeviceKeyAlgorithm.ES256, spki, message.ToBeSigned, message.Signature, der: false));
        Assert.Equal(Statement.Counter, CaptureStatementCodec.Decode(message.Payload).Counter);

        var altered = (byte[])signed.Clone();
        altered[^70] ^= 0x01;
        var tampered = CoseSign1.Decode(altered);
        Assert.False(DeviceSignatures.Verify(DeviceKeyAlgorithm.ES256, spki, tampered.ToBeSigned, tampered.Signature, der: false));

        Assert.Equal(CaptureRuleCodes.StatementMalformed, Code(() => CoseSign1.Decode([.. signed, 0x00])));
    }

    [Fact]
    public void Our_Ed25519_statement_verifies_and_an_algorithm_we_do_not_take_is_malformed()
    {
        using var key = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
        var spki = key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.PkixPublicKey);
        var signed = CoseSign1.Encode(DeviceKeyAlgorithm.Ed25519, CaptureStatementCodec.Encode(Statement),
            tbs => NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(key, tbs));

        var message = CoseSign1.Decode(signed);
        Assert.True(DeviceSignatures.Verify(DeviceKeyAlgorithm.Ed25519, spki, message.ToBeSigned, message.Signature, der: false));
        Assert.False(DeviceSignatures.Verify(DeviceKeyAlgorithm.ES256, spki, message.ToBeSigned, message.Signature, der: false));

        var header = new CborWriter(CborConformanceMode.Canonical);
        header.WriteStartMap(1); header.WriteInt32(1); header.WriteInt32(-37); header.WriteEndMap(); // PS256
        var cose = new CborWriter(CborConformanceMode.Canonical);
        cose.WriteStartArray(4); cose.WriteByteString(header.Encode()); cose.WriteStartMap(0); cose.WriteEndMap();
        cose.WriteByteString([1]); cose.WriteByteString([2]); cose.WriteEndArray();
        Assert.Equal(CaptureRuleCodes.StatementMalformed, Code(() => CoseSign1.Decode(cose.Encode())));
    }

    [Fact]
    public void A_detached_payload_is_malformed()
    {
        var header = new CborWriter(CborConformanceMode.Canonical);
        header.WriteStartMap(1); header.WriteInt32(1); header.WriteInt32(-7); header.WriteEndMap();
        var cose = new CborWriter(CborConformanceMode.Canonical);
        cose.WriteStartArray(4); cose.WriteByteString(header.Encode()); cose.WriteStartMap(0); cose.WriteEndMap();
        cose.WriteNull(); cose.WriteByteString([2]); cose.WriteEndArray();

        Assert.Equal(CaptureRuleCodes.StatementMalformed, Code(() => CoseSign1.Decode(cose.Encode())));
    }
}
