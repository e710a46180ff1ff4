using Ledger.Domain.Terminals;

namespace Ledger.Domain.Fraud;

/// <summary>What kind of observation a fact is. Stored by name: never rename a member.</summary>
public enum FraudFactKind
{
    PaymentAuthorized,
    PaymentDeclined,
    FaceVerificationFailed,
}

/// <summary>
/// One stored event as the fraud rules see it: where, who (when known), how much, when. Built by the
/// infrastructure from payment-stream events; <see cref="Location"/> is the terminal's, when it has one.
/// </summary>
public sealed record FraudFact(
    Guid EventId, FraudFactKind Kind, Guid TerminalId, Guid? WalletId, long AmountMinor, string Currency,
    GeoPoint? Location, DateTimeOffset At)
{
    /// <summary>A payment the customer was present for (authorized or declined by the limits), as opposed to a failed face.</summary>
    public bool IsPaymentAttempt => Kind is FraudFactKind.PaymentAuthorized or FraudFactKind.PaymentDeclined;
}
