using MassTransit;

namespace Ledger.Infrastructure.Messaging.Contracts;

/// <summary>
/// A checkpoint of the audit log was signed: a witness outside the database. <see cref="Line"/> is the checkpoint
/// exactly as the witness file stores it (format <c>ledger-audit-witness/1</c>), which <c>ledger audit verify --witness</c>
/// reads; the other fields repeat it for consumers that only route or index. Not derived from a stored event,
/// so it carries no source event id.
/// </summary>
[MessageUrn("ledger.audit-checkpoint-signed.v1")]
public sealed record AuditCheckpointSignedIntegrationEvent(
    long Seq, long Size, string Root, string KeyId, string SignedAt, string Line);
