using MassTransit;

namespace Ledger.Infrastructure.Messaging.Contracts;

/// <summary>
/// A face-pay attempt ended at the face check. <see cref="WalletId"/> is the customer the hint named, when it named
/// exactly one. <see cref="Outcome"/> and <see cref="Reason"/> are names (<c>FaceOutcome</c>, <c>DeclineReason</c>);
/// no scores, templates or capture hashes leave the ledger.
/// </summary>
[MessageUrn("ledger.face-verification-failed.v1")]
public sealed record FaceVerificationFailedIntegrationEvent(
    Guid PaymentId, Guid? WalletId, Guid MerchantId, Guid TerminalId, long AmountMinor, string Currency, string Reason,
    string Outcome, Guid SourceEventId, long SourceSequence, DateTimeOffset OccurredAt) : IIntegrationEvent;
