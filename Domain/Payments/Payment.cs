namespace Ledger.Domain.Payments;

public enum PaymentStatus
{
    Authorized,
    Declined,
    PartiallyRefunded,
    Refunded,
}

/// <summary>
/// A payment decision. A face payment that failed verification has no limit inputs and names a wallet only
/// when the shopper's hint named exactly one customer; a face payment carries the operating point its face decision ran at.
/// </summary>
public sealed record Payment(
    Guid Id,
    Guid? WalletId,
    Guid MerchantId,
    Guid TerminalId,
    Money Amount,
    PaymentStatus Status,
    DeclineReason? DeclineReason,
    Money Refunded,
    DecisionInputs? Inputs,
    DateTimeOffset DecidedAt,
    Ledger.Domain.FacePay.FaceEvidence? Face = null,
    Ledger.Domain.FacePay.FaceOperatingPoint? OperatingPoint = null)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Money Refundable => Status is PaymentStatus.Declined ? Money.Zero(Amount.Currency) : Amount - Refunded;
}
