using System.Net;
using System.Security.Cryptography;
using Ledger.Api.Tests.Support;
using Ledger.Domain.FacePay;
using Ledger.Infrastructure.Biometrics;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Terminals;
using Ledger.Integration.Tests.Support;
using Ledger.Vision.Verification;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// The insider with a database backup (and the master key) after a customer withdrew consent: the backup's template
/// row no longer opens, and the live database, a fresh dump of it and the logs hold nothing of the person's
/// biometrics: no template bytes, no sealed template, no plain digest of a capture, no phone digits outside the
/// wallet's own account records.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ErasureAttackTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task Attack_a_backup_from_before_the_erasure_with_the_master_key_cannot_open_the_template_once_erased()
    {
        var penny = await _driver.EnrolledAsync("penny");
        var backup = await PgTools.DumpAsync(api.ConnectionString);
        await using var restored = await TestDatabase.CreateAsync("ledger_restored");
        await PgTools.RestoreAsync(restored.ConnectionString, backup);
        await using var restoredData = NpgsqlDataSource.Create(restored.ConnectionString);
        var sealer = api.Services.GetRequiredService<SecretSealer>();
        var keyStore = api.Services.GetRequiredService<IBiometricKeyStore>();
        var fromBackup = new BiometricVault(restoredData, sealer, keyStore, MartenSetup.DefaultSchema);

        // The control: before the erasure the backup does open, with the key store.
        var row = Assert.Single(await fromBackup.FindAsync(CustomerHint.Wallet(penny.WalletId), default));
        Assert.Equal(128, fromBackup.Open(row).Length);
        // The database and the master key without the key store open nothing, even now.
        var withoutKeyStore = new BiometricVault(restoredData, sealer, new FileBiometricKeyStore(TestService.KeyStoreDirectory()), MartenSetup.DefaultSchema);
        var alone = Assert.Single(await withoutKeyStore.FindAsync(CustomerHint.Wallet(penny.WalletId), default));
        Assert.True(alone.IsErased);
        Assert.Throws<InvalidOperationException>(() => withoutKeyStore.Open(alone));

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/wallets/{penny.WalletId}/face", null, ApiFixture.Key(), "DELETE")).StatusCode);

        var after = Assert.Single(await fromBackup.FindAsync(CustomerHint.Wallet(penny.WalletId), default));
        Assert.True(after.IsErased);
        Assert.Throws<InvalidOperationException>(() => fromBackup.Open(after));
        // Even the key as it was sealed cannot be brought back: nothing of the wallet is left in the key store.
        Assert.Null(keyStore.DataKey(penny.WalletId, row.TemplateId));
    }

    [Fact]
    public async Task Attack_after_erasure_no_table_no_dump_and_no_log_line_holds_the_persons_template_captures_or_phone()
    {
        var terminal = await api.RegisterTerminalAsync();
        var person = "leonard";
        var customer = await _driver.EnrolledAsync(person);
        await _driver.BecomeRegularAsync(customer, terminal);
        var (status, _, paid) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop(person, 2), FacePayDriver.LastFour(customer)));
        Assert.Equal("authorized", status);
        var captures = new[] { Faces.Crop(person, 1), Faces.Crop(person, 2) };
        var plainDigests = captures.Select(c => Convert.ToHexStringLower(SHA256.HashData(c))).ToList();
        // The records name the capture by the deployment's keyed digest, never the plain one.
        var keyed = BiometricDigests.From(api.Services.GetRequiredService<IBiometricKeyStore>()).Of(captures[1]);
        Assert.Contains(keyed, paid.ToString());
        Assert.DoesNotContain(plainDigests[1], paid.ToString());
        var verifier = api.Services.GetRequiredService<FaceVerifier>();
        var template = (await verifier.AnalyzeAsync(captures[0])).Chosen!.Template.Descriptor;
        var sealedTemplate = await api.ScalarAsync<byte[]>("select sealed_template from ledger.face_templates where wallet_id = @id", customer.WalletId);

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/wallets/{customer.WalletId}/face", null, ApiFixture.Key(), "DELETE")).StatusCode);

        var byteNeedles = new[] { StoredDataSearch.FloatBytes(template.AsSpan(0, 4)), StoredDataSearch.FloatBytes(template.AsSpan(64, 4)), sealedTemplate[..32], sealedTemplate[^32..] };
        var textNeedles = plainDigests.Concat(byteNeedles.Select(Convert.ToHexStringLower)).ToList();

        var dump = await PgTools.DumpAsync(api.ConnectionString);
        Assert.Contains("face_templates", dump);
        Assert.DoesNotContain(textNeedles, dump.Contains);
        var logged = api.Logs.Lines.Where(line => textNeedles.Any(line.Contains) || line.Contains(customer.Phone)).ToList();
        Assert.True(logged.Count == 0, string.Join("\n", logged.Select(l => l[..Math.Min(l.Length, 3000)])));

        var hits = (await StoredDataSearch.HitsAsync(api, byteNeedles, plainDigests.Append(customer.Phone).ToList())).Select(h => h.Table).Distinct();
        // The phone number stays where the wallet's account keeps it for the money history (its opening event, its
        // snapshot, the stored answers of its operator commands), never beside biometric data.
        Assert.Empty(hits.Except(["mt_events", "mt_doc_wallet", "mt_doc_idempotencydocument"]));
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(*) from ledger.face_templates where phone_e164 = @id", customer.Phone));
    }
}
