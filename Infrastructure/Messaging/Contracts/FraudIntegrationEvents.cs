using MassTransit;

namespace Ledger.Infrastructure.Messaging.Contracts;

/// <summary>
/// A fraud rule fired. <see cref="SubjectKind"/> is <c>wallet</c> or <c>terminal</c>; <see cref="Severity"/> is
/// <c>Low</c>, <c>Medium</c> or <c>High</c> (the ledger itself freezes or suspends on High);
/// <see cref="EvidenceEventIds"/> are the stored events the rule counted.
/// </summary>
[MessageUrn("ledger.fraud-alert-raised.v1")]
public sealed record FraudAlertRaisedIntegrationEvent(
    Guid AlertId, string SubjectKind, Guid SubjectId, string Rule, string Severity, string PolicyVersion,
    IReadOnlyList<Guid> EvidenceEventIds, Guid SourceEventId, long SourceSequence, DateTimeOffset OccurredAt) : IIntegrationEvent;
