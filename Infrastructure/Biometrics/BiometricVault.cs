using System.Security.Cryptography;
using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Terminals;
using Npgsql;

namespace Ledger.Infrastructure.Biometrics;

/// <summary>
/// Sealed templates and face-pay PIN verifiers in the database (see <see cref="BiometricSchema"/>), their data keys and
/// the PIN pepper in the <see cref="IBiometricKeyStore"/>. Database writes are side writes that commit with the wallet's
/// events; reads decrypt only the candidates a terminal's hint allows.
/// </summary>
public sealed class BiometricVault(NpgsqlDataSource dataSource, SecretSealer sealer, IBiometricKeyStore keys, string schema) : IFaceVault
{
    private readonly PinHasher _pins = PinHasher.From(keys);
    private readonly BiometricDigests _digests = BiometricDigests.From(keys);
    private string Templates => $"{schema}.{BiometricSchema.Templates}";
    private string Pins => $"{schema}.{BiometricSchema.Pins}";

    public BiometricDigests Digests => _digests;

    /// <summary>
    /// Stores a new template under a fresh data key; the customer's templates of other models (from older captures) go with
    /// the same commit. The key is written to the key store now, the row at commit; a previous template's key goes once
    /// the new row is in (<see cref="DestroyStaleKeysAsync"/>), so re-enrolment also crypto-shreds the old capture's
    /// template. A key whose commit never came opens nothing: no row names it.
    /// </summary>
    public ISideWrite Enrol(Guid walletId, string phoneE164, Guid templateId, string modelId, string modelSha256,
        IReadOnlyList<float> values, DateTimeOffset now) =>
        new SqlSideWrite(($"delete from {Templates} where wallet_id = ? and model_id <> ?", [walletId, modelId]),
            Upsert(walletId, phoneE164, templateId, modelId, modelSha256, values, now));

    /// <summary>A template renewed by a payment after a model upgrade: the model's row beside the older model's, which stays.</summary>
    public ISideWrite KeepRenewed(Guid walletId, string phoneE164, Guid templateId, string modelId, string modelSha256, float[] values, DateTimeOffset now) =>
        new SqlSideWrite(Upsert(walletId, phoneE164, templateId, modelId, modelSha256, values, now));

    private (string, object[]) Upsert(Guid walletId, string phoneE164, Guid templateId, string modelId, string modelSha256,
        IReadOnlyList<float> values, DateTimeOffset now)
    {
        var dataKey = TemplateCipher.NewDataKey();
        var sealedTemplate = TemplateCipher.Seal(dataKey, templateId, modelId, values);
        keys.StoreDataKey(walletId, templateId, sealer.Seal(KeyLabel(walletId), dataKey));
        CryptographicOperations.ZeroMemory(dataKey);
        Diagnostics.CrashPoints.Reached(Diagnostics.CrashPoints.TemplateKeyStored);
        return ($"insert into {Templates} (wallet_id, template_id, model_id, model_sha256, phone_e164, phone_last4, sealed_template, enrolled_at) " +
                "values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (wallet_id, model_id) do update set template_id = excluded.template_id, " +
                "model_sha256 = excluded.model_sha256, phone_e164 = excluded.phone_e164, " +
                "phone_last4 = excluded.phone_last4, sealed_template = excluded.sealed_template, enrolled_at = excluded.enrolled_at",
            [walletId, templateId, modelId, modelSha256, phoneE164, phoneE164[^4..], sealedTemplate, now.ToUniversalTime()]);
    }

    /// <summary>
    /// Erasure: the data keys are destroyed at once (before the commit: an erasure that then fails leaves the template
    /// unreadable, never the other way round), and the commit deletes the template row with the phone digits it is
    /// found by, and the PIN. Nothing about the person stays searchable.
    /// </summary>
    public ISideWrite Erase(Guid walletId)
    {
        keys.DestroyDataKeys(walletId);
        return new SqlSideWrite(
            ($"delete from {Templates} where wallet_id = ?", [walletId]),
            ($"delete from {Pins} where wallet_id = ?", [walletId]));
    }

    /// <summary>Destroys every data key of the wallet but the one its template row names (none without a row); called after an
    /// enrolment, which leaves one row.</summary>
    public async Task DestroyStaleKeysAsync(Guid walletId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select template_id from {Templates} where wallet_id = $1 order by enrolled_at desc limit 1");
        cmd.Parameters.AddWithValue(walletId);
        var current = await cmd.ExecuteScalarAsync(ct) is Guid id ? id : (Guid?)null;
        if (current is null) keys.DestroyDataKeys(walletId);
        else keys.DestroyDataKeys(walletId, keep: current);
    }

    /// <summary>Stores the verifier of a PIN the customer chose (peppered; see <see cref="PinHasher"/>).</summary>
    public ISideWrite SetPin(Guid walletId, string pin, DateTimeOffset now)
    {
        var (salt, hash) = _pins.Hash(pin);
        return new SqlSideWrite(($"insert into {Pins} (wallet_id, salt, hash, iterations, scheme, set_at) values (?, ?, ?, ?, ?, ?) " +
                        "on conflict (wallet_id) do update set salt = excluded.salt, hash = excluded.hash, " +
                        "iterations = excluded.iterations, scheme = excluded.scheme, set_at = excluded.set_at",
            [walletId, salt, hash, PinHasher.Iterations, PinHasher.Peppered, now.ToUniversalTime()]));
    }

    /// <summary>A PIN reset: the verifier goes; the customer sets a new PIN on their device.</summary>
    public ISideWrite ClearPin(Guid walletId) => new SqlSideWrite(($"delete from {Pins} where wallet_id = ?", [walletId]));

    /// <summary>The customers the shopper's hint names: by wallet, by whole number, or all who share the last four digits.</summary>
    public Task<IReadOnlyList<SealedFaceTemplate>> FindAsync(CustomerHint hint, CancellationToken ct) => hint.Kind switch
    {
        CustomerHintKind.Wallet => FindAsync("wallet_id = $1", hint.WalletId!.Value, ct),
        CustomerHintKind.PhoneNumber => FindAsync("phone_e164 = $1", hint.PhoneE164!, ct),
        _ => FindAsync("phone_last4 = $1", hint.PhoneLastFour!, ct),
    };

    /// <summary>Customers with a readable template made by a model other than <paramref name="modelId"/>.</summary>
    public async Task<IReadOnlyList<Guid>> WalletsWithOtherModelAsync(string modelId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select wallet_id, template_id from {Templates} where model_id <> $1 order by wallet_id");
        cmd.Parameters.AddWithValue(modelId);
        var wallets = new List<Guid>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            if (keys.DataKey(reader.GetGuid(0), reader.GetGuid(1)) is not null && !wallets.Contains(reader.GetGuid(0))) wallets.Add(reader.GetGuid(0));
        return wallets;
    }

    /// <summary>
    /// How far a model upgrade has come: customers with a template of <paramref name="modelId"/> (and of those, how many
    /// also keep an older model's, i.e. were renewed or enrolled before), and per older model the customers who have only
    /// that model's template. Counted from the template rows, which erasure deletes; nothing is decrypted.
    /// </summary>
    public async Task<TemplateModelReport> ModelReportAsync(string modelId, CancellationToken ct)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"select count(distinct wallet_id), count(distinct wallet_id) filter (where exists (select 1 from {Templates} o " +
            $"where o.wallet_id = t.wallet_id and o.model_id <> $1)) from {Templates} t where t.model_id = $1") { Parameters = { new() { Value = modelId } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            $"select model_id, count(distinct wallet_id) from {Templates} t where not exists (select 1 from {Templates} c " +
            $"where c.wallet_id = t.wallet_id and c.model_id = $1) group by model_id order by model_id") { Parameters = { new() { Value = modelId } } });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var (current, alsoOlder) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.NextResultAsync(ct);
        var older = new List<OlderModelCount>();
        while (await reader.ReadAsync(ct)) older.Add(new OlderModelCount(reader.GetString(0), reader.GetInt64(1)));
        return new TemplateModelReport(modelId, current, alsoOlder, older.Sum(o => o.CustomersOnlyOnIt), older);
    }

    /// <summary>Whether <paramref name="pin"/> is the customer's face-pay PIN; no PIN on file counts as missing.</summary>
    public async Task<PinCheck> CheckPinAsync(Guid walletId, string? pin, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(pin)) return PinCheck.Missing;
        await using var cmd = dataSource.CreateCommand($"select salt, hash, iterations, scheme from {Pins} where wallet_id = $1");
        cmd.Parameters.AddWithValue(walletId);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return PinCheck.Missing;
        return _pins.Matches(reader.GetString(3), pin, reader.GetFieldValue<byte[]>(0), reader.GetFieldValue<byte[]>(1), reader.GetInt32(2))
            ? PinCheck.Correct : PinCheck.Incorrect;
    }

    /// <summary>Whether the customer has a PIN on file.</summary>
    public async Task<bool> HasPinAsync(Guid walletId, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"select count(*) from {Pins} where wallet_id = $1");
        cmd.Parameters.AddWithValue(walletId);
        return (long)(await cmd.ExecuteScalarAsync(ct))! > 0;
    }

    /// <summary>The keyed digest the records keep instead of a capture or an on-device template.</summary>
    public string DigestOf(FaceProbe probe) => _digests.Of(probe);

    private async Task<IReadOnlyList<SealedFaceTemplate>> FindAsync(string where, object value, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            $"select wallet_id, template_id, model_id, sealed_template from {Templates} where {where} order by wallet_id");
        cmd.Parameters.AddWithValue(value);
        var found = new List<SealedFaceTemplate>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (walletId, templateId) = (reader.GetGuid(0), reader.GetGuid(1));
            found.Add(new SealedFaceTemplate(walletId, templateId, reader.GetString(2), reader.GetFieldValue<byte[]>(3), keys.DataKey(walletId, templateId)));
        }
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

    internal static string KeyLabel(Guid walletId) => $"face-data-key:{walletId:N}";
}
