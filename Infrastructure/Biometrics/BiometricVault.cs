using System.Security.Cryptography;
using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Terminals;
using Marten;
using Npgsql;

namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// Encrypted templates, their per-customer data keys and face-pay PINs (see <see cref="BiometricSchema"/>). Writes
/// are side writes that commit with the wallet's events; reads decrypt only the candidates a terminal's hint allows.
/// </summary>
public sealed class BiometricVault(NpgsqlDataSource dataSource, SecretSealer sealer, string schema) : IFaceVault
{
    private string Templates => $"{schema}.{BiometricSchema.Templates}";
    private string Keys => $"{schema}.{BiometricSchema.DataKeys}";
    private string Pins => $"{schema}.{BiometricSchema.Pins}";

    /// <summary>
    /// Stores a new template under a fresh data key. A previous template and its key are replaced, so re-enrolment
    /// also crypto-shreds the old capture's template.
    /// </summary>
    public ISideWrite Enrol(Guid walletId, string phoneE164, Guid templateId, string modelId, string modelSha256,
        IReadOnlyList<float> values, DateTimeOffset now)
    {
        var dataKey = TemplateCipher.NewDataKey();
        var sealedTemplate = TemplateCipher.Seal(dataKey, templateId, modelId, values);
        var wrapped = sealer.Seal(KeyLabel(walletId), dataKey);
        CryptographicOperations.ZeroMemory(dataKey);
        return new SqlSideWrite(
            ($"insert into {Keys} (wallet_id, wrapped_key, created_at) values (?, ?, ?) " +
             "on conflict (wallet_id) do update set wrapped_key = excluded.wrapped_key, created_at = excluded.created_at",
                [walletId, wrapped, now.ToUniversalTime()]),
            ($"insert into {Templates} (wallet_id, template_id, model_id, model_sha256, phone_e164, phone_last4, sealed_template, enrolled_at) " +
             "values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (wallet_id) do update set template_id = excluded.template_id, " +
             "model_id = excluded.model_id, model_sha256 = excluded.model_sha256, phone_e164 = excluded.phone_e164, " +
             "phone_last4 = excluded.phone_last4, sealed_template = excluded.sealed_template, enrolled_at = excluded.enrolled_at",
                [walletId, templateId, modelId, modelSha256, phoneE164, phoneE164[^4..], sealedTemplate, now.ToUniversalTime()]));
    }

    /// <summary>Crypto-shredding: the data key and the PIN go; the template ciphertext stays unreadable.</summary>
    public ISideWrite Erase(Guid walletId) => new SqlSideWrite(
        ($"delete from {Keys} where wallet_id = ?", [walletId]),
        ($"delete from {Pins} where wallet_id = ?", [walletId]));

    public ISideWrite SetPin(Guid walletId, string pin, DateTimeOffset now)
    {
        var (salt, hash) = PinHasher.Hash(pin);
        return new SqlSideWrite(($"insert into {Pins} (wallet_id, salt, hash, iterations, set_at) values (?, ?, ?, ?, ?) " +
                        "on conflict (wallet_id) do update set salt = excluded.salt, hash = excluded.hash, " +
                        "iterations = excluded.iterations, set_at = excluded.set_at",
            [walletId, salt, hash, PinHasher.Iterations, now.ToUniversalTime()]));
    }

    /// <summary>The customers the shopper's hint names: by wallet, by whole number, or all who share the last four digits.</summary>
    public Task<IReadOnlyList<SealedFaceTemplate>> FindAsync(CustomerHint hint, CancellationToken ct) => hint.Kind switch
    {
        CustomerHintKind.Wallet => FindAsync("t.wallet_id = $1", hint.WalletId!.Value, ct),
        CustomerHintKind.PhoneNumber => FindAsync("t.phone_e164 = $1", hint.PhoneE164!, ct),
        _ => FindAsync("t.phone_last4 = $1", hint.PhoneLastFour!, ct),
    };

    /// <summary>Customers whose current, readable template was made by a model other than <paramref name="modelId"/>.</summary>
    public async Task<IReadOnlyList<Guid>> WalletsWithOtherModelAsync(string modelId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"select t.wallet_id from {Templates} t join {Keys} k on k.wallet_id = t.wallet_id where t.model_id <> $1 order by t.wallet_id");
        cmd.Parameters.AddWithValue(modelId);
        var wallets = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) wallets.Add(reader.GetGuid(0));
        return wallets;
    }

    /// <summary>Whether <paramref name="pin"/> is the customer's face-pay PIN; no PIN on file counts as missing.</summary>
    public async Task<PinCheck> CheckPinAsync(Guid walletId, string? pin, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(pin)) return PinCheck.Missing;
        await using var cmd = dataSource.CreateCommand($"select salt, hash, iterations from {Pins} where wallet_id = $1");
        cmd.Parameters.AddWithValue(walletId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return PinCheck.Missing;
        return PinHasher.Matches(pin, reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1), reader.GetInt32(2))
            ? PinCheck.Correct : PinCheck.Incorrect;
    }

    private async Task<IReadOnlyList<SealedFaceTemplate>> FindAsync(string where, object value, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"select t.wallet_id, t.template_id, t.model_id, t.sealed_template, k.wrapped_key from {Templates} t " +
            $"left join {Keys} k on k.wallet_id = t.wallet_id where {where} order by t.wallet_id");
        cmd.Parameters.AddWithValue(value);
        var found = new List<SealedFaceTemplate>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            found.Add(new SealedFaceTemplate(reader.GetGuid(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<byte[]>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<byte[]>(4)));
        return found;
    }

    /// <summary>Decrypts one template for one comparison; the data key is wiped as soon as it has been used.</summary>
    /// <exception cref="InvalidOperationException">The template was erased: its key no longer exists.</exception>
    public float[] Open(SealedFaceTemplate template)
    {
        if (template.WrappedKey is null) throw new InvalidOperationException($"The template of wallet {template.WalletId} was erased.");
        var dataKey = sealer.Open(KeyLabel(template.WalletId), template.WrappedKey);
        try
        {
            return TemplateCipher.Open(dataKey, template.TemplateId, template.ModelId, template.Sealed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    private static string KeyLabel(Guid walletId) => $"face-data-key:{walletId:N}";
}
