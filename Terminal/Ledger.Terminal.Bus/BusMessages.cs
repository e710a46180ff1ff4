using MassTransit;

namespace Ledger.Terminal.Bus;

/// <summary>
/// Verify-and-pay on the bus: the JSON body of <c>POST /v1/face-payments</c>, signed as over HTTP with method <c>BUS</c>,
/// host <c>bus</c>, target <c>/v1/face-payments</c> and content type <c>application/json</c>. The wire name is the service's.
/// </summary>
[MessageUrn(WireNames.Requested)]
public sealed record FacePaymentRequested(string KeyId, string Timestamp, string Nonce, string Signature, string IdempotencyKey, string Body);

/// <summary>The service's answer (status and JSON, as HTTP would give them) to the request whose nonce it echoes, signed.</summary>
[MessageUrn(WireNames.Replied)]
public sealed record FacePaymentReplied(int Status, string Body, string RequestNonce, long Timestamp, string Signature);

/// <summary>The message types the service's queue takes and answers with (MassTransit's <c>urn:message:</c> names).</summary>
public static class WireNames
{
    public const string Requested = "Ledger.Api.FacePay:FacePaymentRequested";
    public const string Replied = "Ledger.Api.FacePay:FacePaymentReplied";

    /// <summary>The service's queue, after the deployment's entity prefix (<c>Messaging:EntityPrefix</c>, usually empty).</summary>
    public static Uri Queue(string entityPrefix = "") => new($"queue:{entityPrefix}face-payment");
}
