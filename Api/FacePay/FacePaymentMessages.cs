using Ledger.Infrastructure.Terminals;

namespace Ledger.Api.FacePay;

/// <summary>
/// Verify-and-pay over the bus: the same JSON body as <c>POST /v1/face-payments</c>, signed the same way with
/// method <c>BUS</c> and target <c>/v1/face-payments</c>, with the idempotency key the HTTP header would carry.
/// The body must not carry a PIN (refused 422 <c>pin-not-accepted-on-bus</c>): anybody with broker credentials
/// can read this message.
/// </summary>
public sealed record FacePaymentRequested(string KeyId, string Timestamp, string Nonce, string Signature, string IdempotencyKey, string Body);

/// <summary>
/// The answer HTTP would give (its status and JSON body: the payment, or an RFC 9457 problem) to the request whose
/// nonce it echoes, at <paramref name="Timestamp"/> (unix seconds), signed with the requesting terminal's key
/// (<see cref="TerminalReplySignature"/>). An empty <paramref name="Signature"/> means the service could not tell whose
/// request it was (unknown key id): a terminal treats such a reply, and any that does not verify, as no answer.
/// </summary>
public sealed record FacePaymentReplied(int Status, string Body, string RequestNonce, long Timestamp, string Signature)
{
    /// <summary>The terminal's check of this reply to its request (<see cref="TerminalReplyVerifier"/>).</summary>
    public TerminalReplyCheck VerifyFor(FacePaymentRequested request, string secret, DateTimeOffset now) =>
        TerminalReplyVerifier.Verify(request.KeyId, secret, request.Nonce, request.Signature, Status, Body, RequestNonce, Timestamp, Signature, now);
}
