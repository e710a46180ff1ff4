using Npgsql;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit;

/// <summary>Reads of the signed checkpoints and of the chain's progress for the service's answers and the console.</summary>
public sealed class AuditCheckpoints(NpgsqlDataSource dataSource, AuditStoreSchema store)
{
    /// <summary>Counting events not yet chained stops here: past it the page says "more than".</summary>
    public const int UnchainedCountLimit = 10_000;

    public async Task<AuditCheckpoint?> LatestAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var latestSize = await Sql.ScalarAsync<long>(connection, $"select coalesce(max(size), 0) from {store.Name}.{AuditSchema.Checkpoints}", ct);
        return latestSize == 0 ? null : (await CheckpointReader.AllAsync(connection, store.Name, ct, latestSize, latestSize)).LastOrDefault();
    }

    /// <summary>A page of checkpoints newest first: those over fewer than <paramref name="belowSize"/> events (a keyset cursor, never an offset).</summary>
    public async Task<IReadOnlyList<AuditCheckpoint>> PageAsync(long belowSize, int count, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await CheckpointReader.NewestAsync(connection, store.Name, belowSize, count, ct);
    }

    /// <summary>How far the chain and its signatures have come behind the log (a few index lookups, whatever the log's size).</summary>
    public async Task<AuditChainStatus> StatusAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var schema = store.Name;
        var chainedSeq = await Sql.ScalarAsync<long>(connection, $"select coalesce(max(seq), 0) from {schema}.{AuditSchema.Chain}", ct);
        var chainedSize = await Sql.ScalarAsync<long>(connection, $"select coalesce(max(position), 0) from {schema}.{AuditSchema.Chain}", ct);
        var logSeq = await Sql.ScalarAsync<long>(connection, $"select coalesce(max(seq_id), 0) from {schema}.mt_events", ct);
        var unchained = await Sql.ScalarAsync<long>(connection,
            $"select count(*) from (select 1 from {schema}.mt_events where seq_id > $1 limit {UnchainedCountLimit + 1}) t", ct, chainedSeq);
        var rotations = await Sql.ScalarAsync<long>(connection, $"select count(*) from {schema}.{AuditSchema.KeyRotations}", ct);
        var latestSize = await Sql.ScalarAsync<long>(connection, $"select coalesce(max(size), 0) from {schema}.{AuditSchema.Checkpoints}", ct);
        var latest = latestSize == 0 ? null : (await CheckpointReader.AllAsync(connection, schema, ct, latestSize, latestSize)).LastOrDefault();
        return new AuditChainStatus(chainedSeq, chainedSize, logSeq, unchained, latest, rotations);
    }
}

/// <summary>
/// The chain's progress: chained up to <paramref name="ChainedSeq"/> (<paramref name="ChainedSize"/> events), the log's newest event at
/// <paramref name="LogSeq"/>, <paramref name="Unchained"/> events after the chain's head (counted up to just past
/// <see cref="AuditCheckpoints.UnchainedCountLimit"/>), the newest signed checkpoint and how often the key was handed over.
/// </summary>
public sealed record AuditChainStatus(long ChainedSeq, long ChainedSize, long LogSeq, long Unchained, AuditCheckpoint? Latest, long KeyRotations)
{
    public long NotYetSigned => ChainedSize - (Latest?.Statement.Size ?? 0);
    public bool UnchainedCapped => Unchained > AuditCheckpoints.UnchainedCountLimit;
}
