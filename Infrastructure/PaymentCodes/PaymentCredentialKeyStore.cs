using Ledger.Domain.Application;
using Ledger.Domain.PaymentCodes;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Terminals;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.PaymentCodes;

/// <summary>Seals, stores and unseals the keys of payment credentials (see <see cref="PaymentCredentialSchema"/>).</summary>
/// <remarks>
/// A key is read with the credential's stream version and snapshot, in the same statement: a payment's decision needs
/// both, and a store that groups commits then need not read the credential again (it checks the version at write).
/// </remarks>
public sealed class PaymentCredentialKeyStore(NpgsqlDataSource dataSource, SecretSealer sealer, ISerializer serializer, string schema)
    : IPaymentCredentialKeys
{
    public ISideWrite Store(Guid credentialId, Guid walletId, byte[] key, DateTimeOffset now) => new SqlSideWrite(
        ($"insert into {schema}.{PaymentCredentialSchema.Keys} (credential_id, wallet_id, sealed_key, issued_at) values (?, ?, ?, ?)",
            [credentialId, walletId, sealer.Seal(Label(credentialId), key), now.ToUniversalTime()]));

    public async Task<CredentialKey?> KeyAsync(Guid credentialId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"select k.sealed_key, k.wallet_id, s.version, d.data from {schema}.{PaymentCredentialSchema.Keys} k " +
            $"left join {schema}.mt_streams s on s.id = k.credential_id and not s.is_archived " +
            $"left join {DocumentTables.Of(schema, typeof(PaymentCredential))} d on d.id = k.credential_id " +
            "where k.credential_id = $1");
        cmd.Parameters.AddWithValue(credentialId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var (sealedKey, walletId) = (reader.GetFieldValue<byte[]>(0), reader.GetGuid(1));
        // An archived stream, or one without its snapshot, is left to the decision's own read.
        var credential = await reader.IsDBNullAsync(2, ct) || await reader.IsDBNullAsync(3, ct)
            ? null
            : new StreamAsRead<PaymentCredential>(serializer.FromJson<PaymentCredential>(reader, 3), reader.GetInt64(2));
        return new CredentialKey(sealer.Open(Label(credentialId), sealedKey), walletId, credential);
    }

    private static string Label(Guid credentialId) => $"payment-credential-key:{credentialId:N}";
}
