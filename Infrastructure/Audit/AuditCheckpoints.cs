using Npgsql;

namespace Ledger.Infrastructure.Audit;

/// <summary>Reads of the signed checkpoints for the service's answers.</summary>
public sealed class AuditCheckpoints(NpgsqlDataSource dataSource, AuditStoreSchema store)
{
    public async Task<AuditCheckpoint?> LatestAsync(CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var latestSize = await Sql.ScalarAsync<long>(connection, $"select coalesce(max(size), 0) from {store.Name}.{AuditSchema.Checkpoints}", ct);
        return latestSize == 0 ? null : (await CheckpointReader.AllAsync(connection, store.Name, ct, latestSize, latestSize)).LastOrDefault();
    }
}
