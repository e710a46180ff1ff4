using Ledger.Domain.Audit;
using Npgsql;

namespace Ledger.Infrastructure.Audit;

/// <summary>
/// Proves from the stored chain that the tree at one size extends the tree at a smaller one (RFC 9162 §2.1.4,
/// <see cref="ConsistencyProof"/>). Each range of the proof is folded from its chain hashes as they stream from
/// the database, so memory stays O(log n) whatever the log's size; the reads add up to about the larger size.
/// </summary>
internal static class ConsistencyProver
{
    public static async Task<IReadOnlyList<byte[]>> ProveAsync(NpgsqlConnection connection, string schema, long m, long n, CancellationToken ct)
    {
        var proof = new List<byte[]>();
        foreach (var (start, end) in ConsistencyProof.Ranges(m, n))
        {
            var tree = new MerkleFrontier();
            // Positions count from 1: leaves [start, end) are positions start + 1 .. end.
            await using var cmd = Sql.Command(connection,
                $"select hash from {schema}.{AuditSchema.Chain} where position > $1 and position <= $2 order by position", start, end);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) tree.Add(reader.GetFieldValue<byte[]>(0));
            if (tree.Count != end - start)
                throw new InvalidOperationException($"The audit chain has {tree.Count} of the positions {start + 1}..{end}: positions are missing.");
            proof.Add(tree.Root());
        }
        return proof;
    }
}
