using System.Text;
using Ledger.Domain.Terminals;
using Ledger.Infrastructure.Capture;
using Ledger.Infrastructure.Terminals;
using Ledger.Terminal.Tests.Vectors;

namespace Ledger.Api.Tests.Terminals;

/// <summary>
/// The test vectors docs/TERMINALS.md gives vendors (and tests/Terminal.Tests holds the SDK to) checked against the
/// service's own verifiers: the request signature, the bus reply signature, the device key's id and proof, and the
/// capture statements as the service decodes and verifies them. A change on either side that the other does not
/// make fails here.
/// </summary>
public sealed class TerminalVectorTests
{
    private static readonly IReadOnlyDictionary<string, string> Request = DocumentedVectors.Of("request-signature");
    private static readonly IReadOnlyDictionary<string, string> Bus = DocumentedVectors.Of("bus-request-and-reply");
    private static readonly IReadOnlyDictionary<string, string> Es = DocumentedVectors.Of("device-key-es256");
    private static readonly IReadOnlyDictionary<string, string> Ed = DocumentedVectors.Of("device-key-ed25519");

    [Fact]
    public void The_service_computes_the_documented_string_to_sign_and_accepts_the_documented_signature()
    {
        var v = Request;
        var toSign = TerminalSignature.StringToSignV2(v["method"], v["host"], v["pathAndQuery"], v["contentType"], v["idempotencyKey"],
            long.Parse(v["timestamp"]), v["nonce"], Encoding.UTF8.GetBytes(v["body"]));

        Assert.Equal(v["stringToSign"], toSign);
        Assert.True(TerminalSignature.Matches(v["secret"], toSign, v["X-Signature"][TerminalSignature.V2Prefix.Length..]));
        Assert.False(TerminalSignature.Matches(v["secret"] + "x", toSign, v["X-Signature"][TerminalSignature.V2Prefix.Length..]));
    }

    [Fact]
    public void The_service_signs_the_documented_bus_request_and_reply_as_documented()
    {
        var v = Bus;
        var toSign = TerminalSignature.StringToSignV2("BUS", "bus", "/v1/face-payments", "application/json", v["idempotencyKey"],
            long.Parse(v["timestamp"]), v["nonce"], Encoding.UTF8.GetBytes(v["body"]));
        var replyToSign = TerminalReplySignature.StringToSign(v["keyId"], v["nonce"], v["signature"], long.Parse(v["replyTimestamp"]),
            int.Parse(v["replyStatus"]), v["replyBody"]);

        Assert.Equal(v["stringToSign"], toSign);
        Assert.True(TerminalSignature.Matches(v["secret"], toSign, v["signature"][TerminalSignature.V2Prefix.Length..]));
        Assert.Equal(v["replyStringToSign"], replyToSign);
        Assert.Equal(v["replySignature"], TerminalSignature.Compute(v["secret"], replyToSign));
    }

    [Theory]
    [InlineData("device-key-es256", DeviceKeyAlgorithm.ES256)]
    [InlineData("device-key-ed25519", DeviceKeyAlgorithm.Ed25519)]
    public void The_service_derives_the_documented_key_id_and_accepts_the_documented_proof(string vector, DeviceKeyAlgorithm algorithm)
    {
        var v = DocumentedVectors.Of(vector);
        var publicKey = Convert.FromBase64String(v["publicKey"]);
        var terminalId = Guid.Parse(v["terminalId"]);

        Assert.Equal(v["deviceKeyId"], DeviceKey.IdOf(publicKey));
        Assert.True(DeviceSignatures.IsAcceptableKey(algorithm, publicKey));
        DeviceAttestation.CheckProof(algorithm, publicKey, terminalId, v["registrationNonce"], Convert.FromHexString(v["proof"]));
        Assert.ThrowsAny<Exception>(() =>
            DeviceAttestation.CheckProof(algorithm, publicKey, terminalId, v["registrationNonce"] + "0", Convert.FromHexString(v["proof"])));
    }

    [Fact]
    public void The_service_verifies_and_decodes_the_documented_es256_statement_to_its_claims()
    {
        var message = CoseSign1.Decode(Convert.FromHexString(Es["statement"]));
        var claims = CaptureStatementCodec.Decode(message.Payload);

        Assert.Equal(DeviceKeyAlgorithm.ES256, message.Algorithm);
        Assert.Equal(Es["sigStructure"], Convert.ToHexStringLower(message.ToBeSigned));
        Assert.True(DeviceSignatures.Verify(DeviceKeyAlgorithm.ES256, Convert.FromBase64String(Es["publicKey"]), message.ToBeSigned, message.Signature, der: false));
        Assert.Equal((Guid.Parse(Es["terminalId"]), Es["challengeNonce"], long.Parse(Es["at"]), 42L, 1290L, "EUR"),
            (claims.TerminalId, claims.Nonce, claims.CapturedAt.ToUnixTimeSeconds(), claims.Counter, claims.AmountMinor, claims.Currency));
        Assert.Equal([Es["frameSha256"]], claims.FrameSha256);
        // The service writes the same claims to the same bytes: one byte string means this statement.
        Assert.Equal(Es["payload"], Convert.ToHexStringLower(CaptureStatementCodec.Encode(claims)));
    }

    [Fact]
    public void The_service_verifies_the_documented_ed25519_live_statement_and_a_fresh_one_the_sdk_signs()
    {
        var key = VectorKeys.Ed25519(Ed["seed"]);
        var frames = new[] { "frame 1", "frame 2", "frame 3" }.Select(Encoding.ASCII.GetBytes);
        var fresh = Ledger.Terminal.Capture.CaptureStatement.ForFrames(Guid.Parse(Ed["terminalId"]), Ed["challengeNonce"],
            DateTimeOffset.FromUnixTimeSeconds(long.Parse(Ed["at"])), 43, Ledger.Terminal.Amount.Parse("12.90", "EUR"), frames, "turn_left").Sign(key);

        foreach (var statement in new[] { Convert.FromHexString(Ed["statement"]), fresh })
        {
            var message = CoseSign1.Decode(statement);
            var claims = CaptureStatementCodec.Decode(message.Payload);
            Assert.True(DeviceSignatures.Verify(DeviceKeyAlgorithm.Ed25519, Convert.FromBase64String(Ed["publicKey"]), message.ToBeSigned, message.Signature,
                der: false));
            Assert.Equal((Domain.Capture.HeadMovement?)Domain.Capture.HeadMovement.TurnLeft, claims.Liveness);
            Assert.Equal(3, claims.FrameSha256.Count);
            Assert.Equal(Ed["payload"], Convert.ToHexStringLower(CaptureStatementCodec.Encode(claims)));
        }
    }
}
