using Ledger.Domain.Audit;
using Npgsql;
using Ledger.Verifier;

namespace Ledger.Infrastructure.Audit;

/// <summary>The signing key cannot be rotated now; the message says why and nothing was changed.</summary>
public sealed class AuditKeyRotationRefused(string message) : Exception(message);

/// <summary>
/// Hands checkpoint signing over to a fresh key: the old key keeps every checkpoint signed so far, the new
/// one signs every later one, and the statement saying so is signed by both. Holds the checkpointer's lock,
/// so no checkpoint falls between the last one the old key signed and the hand-over.
/// </summary>
public sealed class AuditKeyRotator(NpgsqlDataSource dataSource, AuditOptions options, AuditKeyRing ring, TimeProvider time, AuditStoreSchema store)
{
    public async Task<KeyRotation> RotateAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
            throw new AuditKeyRotationRefused("the signing key is given inline (Audit:SigningKey): rotation replaces the key file (Audit:SigningKeyPath); " +
                                              "move the key to a file first, or rotate in the secret store and record the hand-over there");
        var schema = store.Name;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Sql.ExecuteAsync(connection, "select pg_advisory_xact_lock($1)", ct, AuditSchema.LockKey(schema, "checkpoint"));
        var rotations = await KeyRotationReader.AllAsync(connection, schema, ct);
        var current = rotations.Count > 0 ? ring.Expect(rotations[^1].NewKey) : ring.Current;
        var last = (await CheckpointReader.AllAsync(connection, schema, ct)).LastOrDefault();
        if (last is not null && !last.PublicKey.AsSpan().SequenceEqual(current.PublicKey))
            throw new AuditKeyRotationRefused($"the latest checkpoint is signed by key {last.KeyId}, not by the key in charge {current.KeyId}: run 'ledger audit verify-db'");

        var path = Path.GetFullPath(options.SigningKeyPath);
        var next = AuditSigningKey.PendingPath(options);
        using var fresh = AuditSigningKey.WriteNew(next);
        var statement = new KeyRotationStatement(current.PublicKeyBase64, fresh.PublicKeyBase64, last?.Statement.Seq ?? 0, last?.Statement.Size ?? 0,
            last?.Statement.Root ?? "", AuditRecord.FormatTimestamp(time.GetUtcNow()));
        var rotation = new KeyRotation(statement, current.Sign(statement.SignedBytes()), fresh.Sign(statement.SignedBytes()));
        await Sql.ExecuteAsync(connection,
            $"insert into {schema}.{AuditSchema.KeyRotations} (position, statement, old_signature, new_signature) " +
            $"values ((select coalesce(max(position), 0) + 1 from {schema}.{AuditSchema.KeyRotations}), $1, $2, $3)", ct,
            statement.CanonicalText(), rotation.OldSignature, rotation.NewSignature);
        await tx.CommitAsync(ct);
        Diagnostics.CrashPoints.Reached(Diagnostics.CrashPoints.AuditKeyRotationRecorded);
        // Recorded first, then put in place: if the move fails, signing stops (AuditKeyRing.Expect) rather than use the retired key.
        File.Move(next, path, overwrite: true);
        ring.Replace(AuditSigningKey.Load(options));
        return rotation;
    }
}
