using MassTransit;

namespace Ledger.Infrastructure.Messaging.Contracts;

[MessageUrn("ledger.payment-authorized.v1")]
public sealed record PaymentAuthorizedIntegrationEvent(
    Guid PaymentId, Guid WalletId, Guid MerchantId, Guid TerminalId, long AmountMinor, string Currency,
    Guid SourceEventId, long SourceSequence, DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>A decline with its machine-readable reason (the names of <c>DeclineReason</c>, never renumbered).</summary>
[MessageUrn("ledger.payment-declined.v1")]
public sealed record PaymentDeclinedIntegrationEvent(
    Guid PaymentId, Guid WalletId, Guid MerchantId, Guid TerminalId, long AmountMinor, string Currency, string Reason,
    Guid SourceEventId, long SourceSequence, DateTimeOffset OccurredAt) : IIntegrationEvent;

/// <summary>One refund of a payment; <see cref="RefundedTotalMinor"/> is the payment's refunded amount so far.</summary>
[MessageUrn("ledger.payment-refunded.v1")]
public sealed record PaymentRefundedIntegrationEvent(
    Guid PaymentId, Guid RefundId, Guid WalletId, Guid MerchantId, long AmountMinor, long RefundedTotalMinor,
    string Currency, Guid SourceEventId, long SourceSequence, DateTimeOffset OccurredAt) : IIntegrationEvent;
