using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Biometrics;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>Withdrawn consent erases the biometrics (key, template row, PIN) and leaves the money history whole and verifiable.</summary>
[Collection(ApiCollection.Name)]
public sealed class ErasureTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task After_erasure_face_payment_fails_the_template_cannot_be_read_and_books_and_audit_chain_still_hold()
    {
        var terminal = await api.RegisterTerminalAsync();
        var penny = await _driver.EnrolledAsync("penny");
        await _driver.BecomeRegularAsync(penny, terminal);
        Assert.Equal("authorized", (await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("penny", 2), FacePayDriver.LastFour(penny)))).Status);
        var eventsBefore = await api.ScalarAsync<long>("select count(*) from ledger.mt_events where stream_id = @id", penny.WalletId);

        var erased = await api.PostAsync($"/v1/wallets/{penny.WalletId}/face", null, ApiFixture.Key(), "DELETE");

        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
        var profile = await erased.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(profile.GetProperty("erased").GetBoolean());
        Assert.False(profile.GetProperty("facePayEnabled").GetBoolean());

        // Payment by face now fails, with a reason when the customer is named outright.
        var (status, reason, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("penny", 3), FacePayDriver.Phone(penny)));
        Assert.Equal(("declined", "not_enrolled"), (status, reason));
        (status, reason, _) = await _driver.DecisionAsync(await _driver.PayAsync(terminal, Faces.Crop("penny", 3), FacePayDriver.LastFour(penny)));
        Assert.Equal(("declined", "face_no_match"), (status, reason));

        // The key is gone from the key store, and the row that held the template and the phone digits with it.
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(*) from ledger.face_templates where wallet_id = @id", penny.WalletId));
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(*) from ledger.face_pay_pins where wallet_id = @id", penny.WalletId));
        Assert.Empty(await api.Services.GetRequiredService<BiometricVault>().FindAsync(Domain.FacePay.CustomerHint.Wallet(penny.WalletId), default));
        var keyStore = (FileBiometricKeyStore)api.Services.GetRequiredService<IBiometricKeyStore>();
        Assert.False(Directory.Exists(Path.Combine(keyStore.Root, "data-keys", penny.WalletId.ToString("N"))));

        // History intact: nothing removed, the erasure appended; balances and the journal still reconcile.
        var events = await api.RowsAsync("select type from ledger.mt_events where stream_id = @id order by version", penny.WalletId);
        Assert.True(events.Count > eventsBefore);
        Assert.Contains(events, e => (string)e[0]! == "biometric_data_erased.v1");
        var wallet = await (await api.Client.GetAsync($"/v1/wallets/{penny.WalletId}")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("494.80", wallet.GetProperty("balance").GetProperty("amount").GetString());
        var trial = await (await api.Client.GetAsync("/v1/ledger/trial-balance")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.All(trial.EnumerateArray(), line =>
        {
            Assert.Equal(0, line.GetProperty("sumOfAllAccountsMinor").GetInt64());
            Assert.Equal(0, line.GetProperty("unbalancedEntries").GetInt64());
        });
        await api.Services.GetRequiredService<AuditChainWriter>().CatchUpAsync(default);
        var audit = await api.Services.GetRequiredService<AuditVerifier>().VerifyAsync(default);
        Assert.True(audit.Holds, audit.Failure?.ToString());
        Assert.True(audit.EventsChecked > 0);
    }
}
