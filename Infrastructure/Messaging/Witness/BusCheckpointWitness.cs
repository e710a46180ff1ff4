using Ledger.Infrastructure.Audit.Witness;
using Ledger.Infrastructure.Messaging.Contracts;
using MassTransit;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Messaging.Witness;

/// <summary>
/// Publishes each signed checkpoint on the bus (<see cref="AuditCheckpointSignedIntegrationEvent"/>), so that a
/// witness listening elsewhere keeps it. The message id is derived from the checkpoint, so a re-publication after a
/// failure is recognisably the same message.
/// </summary>
public sealed class BusCheckpointWitness(IBus bus) : ICheckpointWitness
{
    public string Name => "the bus";
    public bool Enabled => true;

    public Task WitnessAsync(WitnessedCheckpoint checkpoint, CancellationToken ct)
    {
        var s = checkpoint.Statement;
        var message = new AuditCheckpointSignedIntegrationEvent(s.Seq, s.Size, s.Root, checkpoint.Checkpoint.KeyId, s.At, checkpoint.ToJsonLine());
        return bus.Publish(message, context => context.MessageId = Domain.DerivedId.Of($"audit-checkpoint/{s.Size}/{s.Root}"), ct);
    }
}
