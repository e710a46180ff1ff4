namespace Ledger.Domain.Payments;

public enum PaymentStatus
{
    Authorized,
    Declined,
    PartiallyRefunded,
    Refunded,
}

public sealed record Payment(
    Guid Id,
    Guid WalletId,
    Guid MerchantId,
    Guid TerminalId,
    Money Amount,
    PaymentStatus Status,
    DeclineReason? DeclineReason,
    Money Refunded,
    DecisionInputs Inputs,
    DateTimeOffset DecidedAt)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public Money Refundable => Status is PaymentStatus.Declined ? Money.Zero(Amount.Currency) : Amount - Refunded;
}
