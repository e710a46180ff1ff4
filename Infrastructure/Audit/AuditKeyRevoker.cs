using Ledger.Domain.Audit;
using Npgsql;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit;

/// <summary>The key cannot be revoked as asked; the message says why and nothing was recorded.</summary>
public sealed class AuditKeyRevocationRefused(string message) : Exception(message);

/// <summary>
/// Declares a retired signing key compromised: from now on verifiers count its signatures only on checkpoints over at
/// most a given number of events (by default, up to its hand-over) and on no export statement. The key in charge signs
/// the revocation, so the key in charge itself cannot be revoked: rotate first, then revoke the retired key. Holds the
/// checkpointer's lock, as a rotation does.
/// </summary>
public sealed class AuditKeyRevoker(NpgsqlDataSource dataSource, AuditKeyRing ring, TimeProvider time, AuditStoreSchema store)
{
    public async Task<KeyRevocation> RevokeAsync(byte[] revokedKey, long? trustedUpToSize, string reason, CancellationToken ct)
    {
        if (reason.Trim().Length is < 3 or > 500) throw new AuditKeyRevocationRefused("give the reason for the revocation (3 to 500 characters)");
        var schema = store.Name;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Sql.ExecuteAsync(connection, "select pg_advisory_xact_lock($1)", ct, AuditSchema.LockKey(schema, "checkpoint"));
        var (rotations, revocations) = await KeyHistoryLines.ReadAsync(connection, schema, ct);
        var current = rotations.Count > 0 ? ring.Expect(rotations[^1].NewKey) : ring.Current;
        var id = AuditKeys.KeyIdOf(revokedKey);
        if (current.PublicKey.AsSpan().SequenceEqual(revokedKey))
            throw new AuditKeyRevocationRefused($"key {id} is the key in charge: hand signing over first ('ledger audit rotate-key'), then revoke it");
        // The revoked key's hand-over: where its checkpoints end, and the root of the last one it signed.
        var handOver = rotations.FirstOrDefault(r => r.OldKey.AsSpan().SequenceEqual(revokedKey))
            ?? throw new AuditKeyRevocationRefused($"key {id} never signed this log's checkpoints (it is no key of the hand-overs)");
        var start = rotations.FirstOrDefault(r => r.NewKey.AsSpan().SequenceEqual(revokedKey))?.Statement.LastSize ?? 0;
        var upTo = trustedUpToSize ?? handOver.Statement.LastSize;
        var checkpoints = await CheckpointReader.AllAsync(connection, schema, ct, upTo, upTo);
        var root = upTo == handOver.Statement.LastSize ? handOver.Statement.LastRoot
            : checkpoints.FirstOrDefault(c => c.PublicKey.AsSpan().SequenceEqual(revokedKey))?.Statement.Root;
        if (upTo < start || upTo > handOver.Statement.LastSize || (upTo > start && root is null))
            throw new AuditKeyRevocationRefused(
                $"key {id} signed checkpoints over {start + 1} to {handOver.Statement.LastSize} events: trust it up to the size of one of them, or {start} (none)");

        var statement = new KeyRevocationStatement(Convert.ToBase64String(revokedKey), upTo, root ?? "", reason.Trim(),
            AuditRecord.FormatTimestamp(time.GetUtcNow()));
        var revocation = new KeyRevocation(statement, current.PublicKey, current.Sign(statement.SignedBytes()));
        await Sql.ExecuteAsync(connection,
            $"insert into {schema}.{AuditSchema.KeyRevocations} (position, statement, signed_by, signature) " +
            $"values ((select coalesce(max(position), 0) + 1 from {schema}.{AuditSchema.KeyRevocations}), $1, $2, $3)", ct,
            statement.CanonicalText(), revocation.SignedBy, revocation.Signature);
        await tx.CommitAsync(ct);
        return revocation;
    }
}
