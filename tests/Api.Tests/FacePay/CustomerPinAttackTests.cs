using System.Net;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;
using Ledger.Infrastructure.Biometrics;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>
/// PINs nobody can read: the customer's own device sets the PIN (its payment credential's key proves it), a till that
/// saw the customer's payment code cannot, and the stored verifier is useless without the pepper kept outside the database.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class CustomerPinAttackTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task The_device_sets_the_PIN_as_the_customer_and_the_event_names_the_credential_never_an_operator()
    {
        var customer = await _driver.OpenAsync("device-pin");
        var device = await CustomerDevice.IssueAsync(api, customer.WalletId);

        var set = await device.SetPinAsync(api, "2468");

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var rows = await api.RowsAsync("select headers->>'actor' from ledger.mt_events where stream_id = @id and type = 'face_pay_pin_set.v1'", customer.WalletId);
        Assert.Equal($"customer:payment-credential:{device.Credential}", (string)Assert.Single(rows)[0]!);
    }

    [Fact]
    public async Task Attack_a_payment_code_a_stale_or_wrong_proof_or_a_proof_for_another_PIN_sets_nothing()
    {
        var customer = await _driver.OpenAsync("device-pin-attack");
        var device = await CustomerDevice.IssueAsync(api, customer.WalletId);
        var now = api.Clock.GetUtcNow().ToUnixTimeSeconds();
        var before = await api.PersistedCountsAsync();

        // What a merchant's till sees: a payment code. As a proof it is refused.
        var code = device.CodeAt(api.Clock.GetUtcNow());
        var fromCode = await device.SetPinAsync(api, "1111", proof: Convert.ToHexStringLower(System.Text.Encoding.ASCII.GetBytes(code.PadRight(32, '0')[..32])));
        await TerminalPayments.AssertProblemAsync(fromCode, HttpStatusCode.Unauthorized, "device-proof-invalid");
        // A proof made for one PIN does not set another; one from six minutes ago is stale; someone else's key proves nothing.
        var forOther = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(device.Key,
            System.Text.Encoding.UTF8.GetBytes($"face-pin:v1\n{device.Credential}\n{now}\n2222")));
        await TerminalPayments.AssertProblemAsync(await device.SetPinAsync(api, "1111", now, forOther), HttpStatusCode.Unauthorized, "device-proof-invalid");
        await TerminalPayments.AssertProblemAsync(await device.SetPinAsync(api, "1111", now - 360), HttpStatusCode.Unauthorized, "device-proof-invalid");
        var stranger = device with { Key = new byte[device.Key.Length] };
        await TerminalPayments.AssertProblemAsync(await stranger.SetPinAsync(api, "1111"), HttpStatusCode.Unauthorized, "device-proof-invalid");
        var unknown = device with { Credential = "000000000001" };
        await TerminalPayments.AssertProblemAsync(await unknown.SetPinAsync(api, "1111"), HttpStatusCode.Unauthorized, "device-proof-invalid");

        Assert.Equal(before, await api.PersistedCountsAsync());
        Assert.Equal(0L, await api.ScalarAsync<long>("select count(*) from ledger.face_pay_pins where wallet_id = @id", customer.WalletId));
    }

    [Fact]
    public async Task Attack_the_stored_PIN_hash_alone_does_not_verify_the_right_PIN_without_the_pepper()
    {
        var customer = await _driver.OpenAsync("pepper");
        await _driver.SetPinAsync(customer.WalletId, "8642");
        var row = (await api.RowsAsync("select salt, hash, iterations, scheme from ledger.face_pay_pins where wallet_id = @id", customer.WalletId))[0];
        var (salt, hash, iterations, scheme) = ((byte[])row[0]!, (byte[])row[1]!, (int)row[2]!, (string)row[3]!);
        Assert.Equal(PinHasher.Peppered, scheme);

        // Someone with the database: PBKDF2 over the PIN as it is (or with any pepper but the deployment's) finds nothing.
        var withoutPepper = new PinHasher(new byte[32]);
        Assert.False(withoutPepper.Matches(PinHasher.Unpeppered, "8642", salt, hash, iterations));
        Assert.False(withoutPepper.Matches(PinHasher.Peppered, "8642", salt, hash, iterations));
        // With the key store's pepper it does: the hash was checked, not garbage.
        Assert.True(PinHasher.From(api.Services.GetRequiredService<IBiometricKeyStore>()).Matches(scheme, "8642", salt, hash, iterations));
    }
}
