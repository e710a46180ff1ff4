using Ledger.Verifier;
namespace Ledger.Infrastructure.Audit.Witness;

/// <summary>
/// Somewhere outside the database that keeps every signed checkpoint: an insider who can rewrite the tables cannot
/// reach it, so history re-signed with the real key still disagrees with what was witnessed.
/// </summary>
public interface ICheckpointWitness
{
    string Name { get; }

    /// <summary>False for a witness not configured here (no directory set): nothing is published to it.</summary>
    bool Enabled { get; }

    /// <summary>Publishes a checkpoint; called in size order, possibly again for one already published (after a failure).</summary>
    Task WitnessAsync(WitnessedCheckpoint checkpoint, CancellationToken ct);
}
