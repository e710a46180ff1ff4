using Ledger.Domain.Application;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Terminals;
using Npgsql;

namespace Ledger.Infrastructure.PaymentCodes;

/// <summary>Seals, stores and unseals the keys of payment credentials (see <see cref="PaymentCredentialSchema"/>).</summary>
public sealed class PaymentCredentialKeyStore(NpgsqlDataSource dataSource, SecretSealer sealer, string schema) : IPaymentCredentialKeys
{
    public ISideWrite Store(Guid credentialId, Guid walletId, byte[] key, DateTimeOffset now) => new SqlSideWrite(
        ($"insert into {schema}.{PaymentCredentialSchema.Keys} (credential_id, wallet_id, sealed_key, issued_at) values (?, ?, ?, ?)",
            [credentialId, walletId, sealer.Seal(Label(credentialId), key), now.ToUniversalTime()]));

    public async Task<CredentialKey?> KeyAsync(Guid credentialId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select sealed_key, wallet_id from {schema}.{PaymentCredentialSchema.Keys} where credential_id = $1");
        cmd.Parameters.AddWithValue(credentialId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        var (sealedKey, walletId) = (reader.GetFieldValue<byte[]>(0), reader.GetGuid(1));
        return new CredentialKey(sealer.Open(Label(credentialId), sealedKey), walletId);
    }

    private static string Label(Guid credentialId) => $"payment-credential-key:{credentialId:N}";
}
