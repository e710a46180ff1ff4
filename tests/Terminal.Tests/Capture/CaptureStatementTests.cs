using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Text;
using Ledger.Terminal.Capture;
using Ledger.Terminal.Tests.Vectors;

namespace Ledger.Terminal.Tests.Capture;

/// <summary>
/// Device keys and capture statements against the documented vectors, and what the SDK writes read back by .NET's own
/// COSE library (an implementation the SDK does not share). The service's verifier checks the same vectors in
/// tests/Api.Tests/Terminals/TerminalVectorTests.
/// </summary>
public sealed class CaptureStatementTests
{
    private static readonly IReadOnlyDictionary<string, string> Es = DocumentedVectors.Of("device-key-es256");
    private static readonly IReadOnlyDictionary<string, string> Ed = DocumentedVectors.Of("device-key-ed25519");

    private static CaptureStatement Statement(IReadOnlyDictionary<string, string> v, IEnumerable<byte[]> frames, string? liveness = null) =>
        CaptureStatement.ForFrames(Guid.Parse(v["terminalId"]), v["challengeNonce"], DateTimeOffset.FromUnixTimeSeconds(long.Parse(v["at"])),
            long.Parse(v["counter"]), Amount.Parse(v["amount"], v["currency"]), frames, liveness);

    private static readonly byte[][] LiveFrames = [.. new[] { "frame 1", "frame 2", "frame 3" }.Select(Encoding.ASCII.GetBytes)];

    [Fact]
    public void The_es256_key_has_the_documented_public_key_id_proof_message_payload_and_sig_structure()
    {
        using var ec = VectorKeys.Es256(Es["privateKeyD"]);
        var key = DeviceKey.FromEcdsa(ec);
        var statement = Statement(Es, [Encoding.ASCII.GetBytes(Es["frame"])]);

        Assert.Equal(Es["publicKey"], Convert.ToBase64String(key.PublicKey));
        Assert.Equal(Es["deviceKeyId"], key.KeyId);
        Assert.Equal(Es["proofMessage"], Encoding.UTF8.GetString(DeviceKey.ProofMessage(Guid.Parse(Es["terminalId"]), Es["registrationNonce"], key.KeyId)));
        Assert.Equal(Es["frameSha256"], Convert.ToHexStringLower(statement.FrameSha256[0]));
        Assert.Equal(Es["payload"], Convert.ToHexStringLower(statement.Payload()));
        Assert.Equal(Es["sigStructure"], Convert.ToHexStringLower(CoseSign1.SigStructure(CoseSign1.ProtectedHeader(key.CoseAlgorithm), statement.Payload())));
    }

    [Fact]
    public void The_documented_es256_proof_and_statement_verify_and_a_fresh_statement_is_read_by_dotnets_cose_library()
    {
        using var ec = VectorKeys.Es256(Es["privateKeyD"]);
        var key = DeviceKey.FromEcdsa(ec);
        var proofMessage = DeviceKey.ProofMessage(Guid.Parse(Es["terminalId"]), Es["registrationNonce"], key.KeyId);

        Assert.True(ec.VerifyData(proofMessage, Convert.FromHexString(Es["proof"]), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.True(ec.VerifyData(proofMessage, key.Proof(Guid.Parse(Es["terminalId"]), Es["registrationNonce"]), HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence));
        foreach (var cose in new[] { Convert.FromHexString(Es["statement"]), Statement(Es, [Encoding.ASCII.GetBytes(Es["frame"])]).Sign(key) })
        {
            var message = CoseMessage.DecodeSign1(cose);
            Assert.True(message.VerifyEmbedded(ec));
            Assert.Equal(Es["payload"], Convert.ToHexStringLower(message.Content!.Value.Span));
        }
    }

    [Fact]
    public void The_ed25519_key_gives_the_documented_proof_and_statement_byte_for_byte()
    {
        var key = VectorKeys.Ed25519(Ed["seed"]);
        var statement = Statement(Ed, LiveFrames, Ed["liveness"]);

        Assert.Equal(Ed["publicKey"], Convert.ToBase64String(key.PublicKey));
        Assert.Equal(Ed["deviceKeyId"], key.KeyId);
        Assert.Equal(Ed["proof"], Convert.ToHexStringLower(key.Proof(Guid.Parse(Ed["terminalId"]), Ed["registrationNonce"])));
        Assert.Equal(Ed["payload"], Convert.ToHexStringLower(statement.Payload()));
        Assert.Equal(Ed["sigStructure"], Convert.ToHexStringLower(CoseSign1.SigStructure(CoseSign1.ProtectedHeader(-8), statement.Payload())));
        Assert.Equal(Ed["statement"], Convert.ToHexStringLower(statement.Sign(key)));
    }

    [Fact]
    public void Keys_are_written_in_canonical_order_whatever_the_claims_hold()
    {
        var payload = Statement(Ed, LiveFrames, "turn_left").Payload();
        var reader = new System.Formats.Cbor.CborReader(payload, System.Formats.Cbor.CborConformanceMode.Canonical);
        var keys = new List<string>();
        var count = reader.ReadStartMap()!.Value;
        for (var i = 0; i < count; i++)
        {
            keys.Add(reader.ReadTextString());
            reader.SkipValue();
        }

        Assert.Equal(["v", "at", "nonce", "amount", "frames", "models", "counter", "currency", "liveness", "terminal"], keys);
    }

    [Fact]
    public void A_template_statement_covers_the_little_endian_float32_values_and_no_frames()
    {
        var values = new[] { 0.5f, -1.25f };
        var expected = SHA256.HashData([0, 0, 0, 0x3f, 0, 0, 0xa0, 0xbf]);

        var statement = CaptureStatement.ForTemplate(Guid.NewGuid(), "n", DateTimeOffset.UnixEpoch, 1, Amount.Parse("1.00", "EUR"), values,
            [new ModelDigest("faceres", new byte[32])]);

        Assert.Equal(expected, statement.TemplateSha256);
        Assert.Empty(statement.FrameSha256);
    }

    [Fact]
    public void An_external_es256_element_returning_r_and_s_gives_a_der_proof_that_verifies()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var element = DeviceKey.External(DeviceKey.ES256, ec.ExportSubjectPublicKeyInfo(),
            data => ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        var terminal = Guid.NewGuid();

        var proof = element.Proof(terminal, "nonce-1");

        Assert.True(ec.VerifyData(DeviceKey.ProofMessage(terminal, "nonce-1", element.KeyId), proof, HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    public void An_es256_signature_whose_r_or_s_starts_with_a_zero_byte_still_gives_a_proof_that_verifies(int field)
    {
        // About one signature in 512 has a first byte of zero followed by one below 0x80: the case DER must shorten.
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var terminal = Guid.NewGuid();
        var message = DeviceKey.ProofMessage(terminal, "nonce-1", DeviceKey.IdOf(ec.ExportSubjectPublicKeyInfo()));
        byte[]? leadingZero = null;
        for (var i = 0; i < 100_000 && leadingZero is null; i++)
        {
            var rs = ec.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            if (rs[field] == 0 && rs[field + 1] < 0x80) leadingZero = rs;
        }
        Assert.NotNull(leadingZero);
        var element = DeviceKey.External(DeviceKey.ES256, ec.ExportSubjectPublicKeyInfo(), _ => leadingZero);

        var proof = element.Proof(terminal, "nonce-1");

        Assert.True(ec.VerifyData(message, proof, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void An_es256_proof_writes_r_and_s_as_minimal_der_integers()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rs = new byte[64];
        rs[31] = 0x05;
        rs[62] = 0x01;
        rs[63] = 0x80;
        var element = DeviceKey.External(DeviceKey.ES256, ec.ExportSubjectPublicKeyInfo(), _ => rs);

        var proof = element.Proof(Guid.NewGuid(), "nonce-1");

        Assert.Equal(Convert.FromHexString("300702010502020180"), proof);
    }
}
