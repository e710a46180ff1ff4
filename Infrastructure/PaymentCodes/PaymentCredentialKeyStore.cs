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

    public async Task<byte[]?> KeyAsync(Guid credentialId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select sealed_key from {schema}.{PaymentCredentialSchema.Keys} where credential_id = $1");
        cmd.Parameters.AddWithValue(credentialId);
        return await cmd.ExecuteScalarAsync(ct) is byte[] sealedKey ? sealer.Open(Label(credentialId), sealedKey) : null;
    }

    private static string Label(Guid credentialId) => $"payment-credential-key:{credentialId:N}";
}
