using MassTransit;

namespace Ledger.Infrastructure.Messaging.Contracts;

[MessageUrn("ledger.wallet-frozen.v1")]
public sealed record WalletFrozenIntegrationEvent(
    Guid WalletId, string Reason, Guid SourceEventId, long SourceSequence, DateTimeOffset OccurredAt) : IIntegrationEvent;
