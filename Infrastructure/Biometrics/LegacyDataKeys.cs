using Npgsql;

namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// Before the key store, data keys sat in the database beside the templates (<c>face_data_keys</c>), and an erasure
/// left the template row and its phone digits behind. At start this moves every remaining key into the key store,
/// deletes the rows of templates whose key had already been destroyed (erased customers), and drops the old table.
/// Idempotent; a database without the table is left alone.
/// </summary>
public static class LegacyDataKeys
{
    public static async Task<int> MoveAsync(NpgsqlDataSource dataSource, IBiometricKeyStore keys, string schema, CancellationToken ct)
    {
        var legacy = $"{schema}.{BiometricSchema.LegacyDataKeys}";
        var templates = $"{schema}.{BiometricSchema.Templates}";
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var exists = new NpgsqlCommand("select to_regclass($1) is not null", connection))
        {
            exists.Parameters.AddWithValue(legacy);
            if (!(bool)(await exists.ExecuteScalarAsync(ct))!) return 0;
        }
        await using var tx = await connection.BeginTransactionAsync(ct);
        var moved = 0;
        await using (var read = new NpgsqlCommand(
            $"select t.wallet_id, t.template_id, k.wrapped_key from {templates} t join {legacy} k on k.wallet_id = t.wallet_id", connection, tx))
        await using (var reader = await read.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                // Same wrapping (master key, same label): the bytes move as they are.
                keys.StoreDataKey(reader.GetGuid(0), reader.GetGuid(1), reader.GetFieldValue<byte[]>(2));
                moved++;
            }
        await using (var clean = new NpgsqlCommand(
            $"delete from {templates} t where not exists (select 1 from {legacy} k where k.wallet_id = t.wallet_id); drop table {legacy};", connection, tx))
            await clean.ExecuteNonQueryAsync(ct);
        await tx.CommitAsync(ct);
        return moved;
    }
}
