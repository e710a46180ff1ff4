namespace Ledger.Domain.Payments;

/// <summary>A terminal asks to charge a wallet.</summary>
public sealed record AuthorizePayment(Guid PaymentId, Guid WalletId, Guid TerminalId, Money Amount, DateTimeOffset Now);

/// <summary>Give back part or all of an authorized payment.</summary>
public sealed record RefundPayment(Guid PaymentId, Guid RefundId, Money Amount, string Reason, DateTimeOffset Now);
