using Npgsql;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit;

/// <summary>Two signed checkpoints and the proof that the later one's tree extends the earlier one's.</summary>
public sealed record CheckpointConsistency(AuditCheckpoint From, AuditCheckpoint To, IReadOnlyList<byte[]> Proof);

/// <summary>
/// Consistency proofs between stored checkpoints, for auditors and witnesses who kept an earlier checkpoint: only
/// checkpoint sizes are served, because only their roots are signed.
/// </summary>
public sealed class AuditConsistency(NpgsqlDataSource dataSource, AuditStoreSchema store)
{
    /// <returns>Null when no checkpoint was signed over <paramref name="fromSize"/> or <paramref name="toSize"/> events.</returns>
    public async Task<CheckpointConsistency?> BetweenAsync(long fromSize, long toSize, CancellationToken ct)
    {
        if (fromSize < 1 || toSize < fromSize) throw new ArgumentOutOfRangeException(nameof(fromSize), "Sizes run from 1 up, the first no larger than the second.");
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        var checkpoints = await CheckpointReader.AllAsync(connection, store.Name, ct, fromSize, toSize);
        if (checkpoints.FirstOrDefault(c => c.Statement.Size == fromSize) is not { } from
            || checkpoints.LastOrDefault(c => c.Statement.Size == toSize) is not { } to)
            return null;
        var proof = await ConsistencyProver.ProveAsync(connection, store.Name, fromSize, toSize, ct);
        await tx.CommitAsync(ct);
        return new CheckpointConsistency(from, to, proof);
    }
}
