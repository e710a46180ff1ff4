namespace Ledger.Infrastructure.EventStore.GroupCommit;

/// <summary>
/// A writer's shared transaction became unusable before its commit was sent (its connection died, or a savepoint could
/// not be set or rolled back to): nothing of it was written, so its callers retry with the same key, as after any outage
/// (<see cref="Resilience.TransientStoreErrors"/>: 503 over HTTP). Whatever the driver said about the dead connection, that
/// is what the callers are owed.
/// </summary>
public sealed class TransactionLost(Exception cause)
    : Exception("The shared transaction was lost before its commit; nothing of it was written. Retry with the same key.", cause);
