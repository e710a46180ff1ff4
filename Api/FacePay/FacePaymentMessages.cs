namespace Ledger.Api.FacePay;

/// <summary>
/// Verify-and-pay over the bus: the same JSON body as <c>POST /v1/face-payments</c>, signed the same way with
/// method <c>BUS</c> and target <c>/v1/face-payments</c>, with the idempotency key the HTTP header would carry.
/// </summary>
public sealed record FacePaymentRequested(string KeyId, string Timestamp, string Nonce, string Signature, string IdempotencyKey, string Body);

/// <summary>The answer HTTP would give: its status and its JSON body (the payment, or an RFC 9457 problem).</summary>
public sealed record FacePaymentReplied(int Status, string Body);
