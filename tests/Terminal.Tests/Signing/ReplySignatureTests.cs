using Ledger.Terminal.Signing;
using Ledger.Terminal.Tests.Vectors;

namespace Ledger.Terminal.Tests.Signing;

/// <summary>A terminal on the bus takes a reply only when it is the service's answer to the very request it sent.</summary>
public sealed class ReplySignatureTests
{
    private static readonly IReadOnlyDictionary<string, string> V = DocumentedVectors.Of("bus-request-and-reply");
    private static readonly TerminalCredentials Terminal = new(Guid.Parse("b8421bfd-6415-8501-8d5b-ec7691d3506d"), V["keyId"], V["secret"]);
    private static readonly SignedHeaders Request = new(V["keyId"], V["timestamp"], V["nonce"], V["signature"]);
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(long.Parse(V["replyTimestamp"]) + 3);

    private static ReplyRejection? Check(string? body = null, int? status = null, string? nonce = null, long? timestamp = null, string? signature = null,
        SignedHeaders? request = null, TerminalCredentials? terminal = null) =>
        ReplySignature.Check(terminal ?? Terminal, request ?? Request, status ?? int.Parse(V["replyStatus"]), body ?? V["replyBody"], nonce ?? V["nonce"],
            timestamp ?? long.Parse(V["replyTimestamp"]), signature ?? V["replySignature"], Now);

    [Fact]
    public void The_documented_request_and_reply_sign_and_verify_as_documented()
    {
        var request = RequestSignature.Sign(Terminal, "BUS", "bus", "/v1/face-payments", "application/json", V["idempotencyKey"],
            System.Text.Encoding.UTF8.GetBytes(V["body"]), DateTimeOffset.FromUnixTimeSeconds(long.Parse(V["timestamp"])), V["nonce"]);
        var replyToSign = ReplySignature.StringToSign(V["keyId"], V["nonce"], V["signature"], long.Parse(V["replyTimestamp"]), 201, V["replyBody"]);

        Assert.Equal(V["signature"], request.Signature);
        Assert.Equal(V["replyStringToSign"], replyToSign);
        Assert.Equal(V["replySignature"], RequestSignature.Hmac(V["secret"], replyToSign));
        Assert.Null(Check());
    }

    [Fact]
    public void A_forged_or_bent_reply_is_no_answer()
    {
        Assert.Equal(ReplyRejection.Unsigned, Check(signature: ""));
        Assert.Equal(ReplyRejection.NonceMismatch, Check(nonce: "another-request"));
        Assert.Equal(ReplyRejection.SignatureInvalid, Check(body: V["replyBody"].Replace("authorized", "declined")));
        Assert.Equal(ReplyRejection.SignatureInvalid, Check(status: 200));
        Assert.Equal(ReplyRejection.SignatureInvalid, Check(terminal: Terminal with { Secret = "somebody else's secret" }));
        // The same key and nonce but another request signature: the answer to somebody else's request under my nonce.
        Assert.Equal(ReplyRejection.SignatureInvalid, Check(request: Request with { Signature = "v2=" + new string('0', 64) }));
        Assert.Equal(ReplyRejection.TimestampOutOfWindow, Check(timestamp: Now.AddMinutes(-6).ToUnixTimeSeconds()));
    }
}
