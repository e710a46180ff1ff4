namespace Ledger.Domain.Payments;

public interface IPaymentEvent
{
    Guid PaymentId { get; }
}

public sealed record PaymentAuthorized(
    Guid PaymentId, Guid WalletId, Guid MerchantId, Guid TerminalId, Money Amount, DecisionInputs Inputs,
    DateTimeOffset AuthorizedAt) : IPaymentEvent;

/// <summary>A decline is a recorded outcome, not an error: the terminal asked, the rules said no, and why.</summary>
public sealed record PaymentDeclined(
    Guid PaymentId, Guid WalletId, Guid MerchantId, Guid TerminalId, Money Amount, DeclineReason Reason,
    DecisionInputs Inputs, DateTimeOffset DeclinedAt) : IPaymentEvent;

public sealed record PaymentRefunded(
    Guid PaymentId, Guid RefundId, Guid WalletId, Guid MerchantId, Money Amount, Money RefundedTotal,
    DateTimeOffset RefundedAt) : IPaymentEvent;
