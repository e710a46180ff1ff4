using Ledger.Domain.Audit;
using Microsoft.Extensions.Logging;
using Npgsql;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit.Witness;

/// <summary>
/// Hands every signed checkpoint to every witness, in size order, whoever signed it (the service or
/// <c>ledger audit checkpoint</c>). A witness that fails is retried on the next pass; one that starts without
/// memory (the bus) begins at the latest checkpoint, since each checkpoint's root commits to all before it.
/// </summary>
public sealed class CheckpointWitnessPublisher(NpgsqlDataSource dataSource, AuditStoreSchema store, IEnumerable<ICheckpointWitness> witnesses,
    ILogger<CheckpointWitnessPublisher> log)
{
    private readonly Dictionary<ICheckpointWitness, long> _published = [];

    public async Task PublishNewAsync(CancellationToken ct)
    {
        var all = witnesses.Where(w => w.Enabled).ToList();
        if (all.Count == 0) return;
        var from = all.Min(w => _published.TryGetValue(w, out var s) ? s : Initial(w));
        var pending = await ReadAsync(from, ct);
        if (pending.Count == 0) return;
        foreach (var witness in all)
        {
            var done = _published.TryGetValue(witness, out var s) ? s : Initial(witness);
            var todo = pending.Where(c => c.Statement.Size > done).ToList();
            if (done < 0) todo = todo.TakeLast(1).ToList();
            try
            {
                foreach (var checkpoint in todo)
                {
                    await witness.WitnessAsync(checkpoint, ct);
                    _published[witness] = checkpoint.Statement.Size;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The checkpoint is signed and stored; the next pass offers it again.
                log.LogWarning(e, "Could not witness audit checkpoint to {Witness}; retrying on the next pass", witness.Name);
            }
        }
    }

    /// <summary>-1: no memory of what was published, start at the latest.</summary>
    private static long Initial(ICheckpointWitness witness) => witness is FileCheckpointWitness file ? file.LastSize() : -1;

    private async Task<List<WitnessedCheckpoint>> ReadAsync(long afterSize, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var checkpoints = await CheckpointReader.AllAsync(connection, store.Name, ct, minSize: afterSize + 1);
        var frontiers = new Dictionary<long, byte[][]>();
        await using (var cmd = Sql.Command(connection, $"select size, frontier from {store.Name}.{AuditSchema.Checkpoints} where size > $1", afterSize))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct)) frontiers[reader.GetInt64(0)] = reader.GetFieldValue<byte[][]>(1);
        return checkpoints.Select(c => new WitnessedCheckpoint(c, frontiers[c.Statement.Size])).ToList();
    }
}
