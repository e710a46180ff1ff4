using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;

namespace Ledger.Api.Tests.Capture;

/// <summary>
/// A terminal registers the key its camera module signs with: proof of possession over a challenge of ours, and a
/// certificate chain to a pinned root for "hardware-attested". Each way to cheat is refused with nothing written.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DeviceKeyTests(ApiFixture api)
{
    private async Task<JsonElement> TerminalAsync(TerminalCredential terminal) =>
        await api.Client.GetFromJsonAsync<JsonElement>($"/v1/terminals/{terminal.TerminalId}");

    private static async Task<JsonElement> CreatedAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<string> NonceAsync(TerminalCredential terminal) =>
        (await TerminalDevice.ChallengeAsync(api, terminal, "/v1/device-keys/challenges", new { terminalId = terminal.TerminalId }))
        .GetProperty("nonce").GetString()!;

    private Task<HttpResponseMessage> RegisterAsync(TerminalCredential terminal, TerminalDevice device, string nonce, byte[]? proof = null,
        byte[][]? chain = null, Guid? asTerminal = null) =>
        api.PostSignedAsync(terminal, "/v1/device-keys", new
        {
            terminalId = asTerminal ?? terminal.TerminalId, algorithm = device.Algorithm, publicKey = Convert.ToBase64String(device.PublicKey), nonce,
            proof = Convert.ToBase64String(proof ?? device.Proof(terminal.TerminalId, nonce)),
            attestation = chain?.Select(Convert.ToBase64String).ToArray(),
        }, ApiFixture.Key());

    [Fact]
    public async Task A_key_in_a_secure_element_certified_under_the_pinned_root_is_hardware_attested()
    {
        var terminal = await api.RegisterTerminalAsync();
        using var device = TerminalDevice.Es256();

        var registered = await CreatedAsync(await device.RegisterAsync(api, terminal, TestAttestationRoot.Trusted));

        Assert.Equal("hardware-attested", registered.GetProperty("assurance").GetString());
        Assert.Equal(device.KeyId, registered.GetProperty("deviceKeyId").GetString());
        var key = (await TerminalAsync(terminal)).GetProperty("deviceKey");
        Assert.Equal(device.KeyId, key.GetProperty("deviceKeyId").GetString());
        Assert.Equal("ES256", key.GetProperty("algorithm").GetString());
        Assert.Equal("hardware-attested", key.GetProperty("assurance").GetString());
    }

    [Fact]
    public async Task A_software_key_without_a_chain_is_merely_registered()
    {
        var terminal = await api.RegisterTerminalAsync();
        using var device = TerminalDevice.Ed25519();

        var registered = await CreatedAsync(await device.RegisterAsync(api, terminal));

        Assert.Equal("registered", registered.GetProperty("assurance").GetString());
        Assert.Equal("Ed25519", (await TerminalAsync(terminal)).GetProperty("deviceKey").GetProperty("algorithm").GetString());
    }

    [Fact]
    public async Task An_ES256_key_without_a_chain_is_registered_not_attested()
    {
        var terminal = await api.RegisterTerminalAsync();
        using var device = TerminalDevice.Es256();

        Assert.Equal("registered", (await CreatedAsync(await device.RegisterAsync(api, terminal))).GetProperty("assurance").GetString());
    }

    [Fact]
    public async Task Attack_a_chain_under_a_root_nobody_pinned_is_refused_with_nothing_written()
    {
        var terminal = await api.RegisterTerminalAsync();
        using var device = TerminalDevice.Es256();
        var nonce = await NonceAsync(terminal);
        var before = await api.PersistedCountsAsync();

        var response = await RegisterAsync(terminal, device, nonce, chain: [TestAttestationRoot.Other().Certify(device.EcKey)]);

        await TerminalPayments.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "attestation-invalid");
        Assert.Equal(before, await api.PersistedCountsAsync());
        Assert.Equal(JsonValueKind.Null, (await TerminalAsync(terminal)).GetProperty("deviceKey").ValueKind);
    }

    [Fact]
    public async Task Attack_a_genuine_chain_for_another_key_does_not_attest_this_one()
    {
        var terminal = await api.RegisterTerminalAsync();
        using var device = TerminalDevice.Es256();
        using var genuine = TerminalDevice.Es256();
        var nonce = await NonceAsync(terminal);

        var response = await RegisterAsync(terminal, device, nonce, chain: [TestAttestationRoot.Trusted.Certify(genuine.EcKey)]);

        await TerminalPayments.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "attestation-invalid");
    }

    [Fact]
    public async Task Attack_a_software_key_cannot_claim_a_chain()
    {
        var terminal = await api.RegisterTerminalAsync();
        using var device = TerminalDevice.Ed25519();
        using var other = TerminalDevice.Es256();
        var nonce = await NonceAsync(terminal);

        var response = await RegisterAsync(terminal, device, nonce, chain: [TestAttestationRoot.Trusted.Certify(other.EcKey)]);

        await TerminalPayments.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "attestation-invalid");
    }

    [Fact]
    public async Task Attack_a_key_the_terminal_does_not_hold_cannot_be_registered()
    {
        var terminal = await api.RegisterTerminalAsync();
        using var claimed = TerminalDevice.Es256();
        using var held = TerminalDevice.Es256();
        var nonce = await NonceAsync(terminal);
        var before = await api.PersistedCountsAsync();

        // Somebody else's public key (say, a genuine attested terminal's), "proved" with a key the attacker does hold.
        var response = await RegisterAsync(terminal, claimed, nonce, proof: held.Proof(terminal.TerminalId, nonce));

        await TerminalPayments.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "device-key-proof-invalid");
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task A_challenge_answers_once_another_terminals_is_unknown_and_an_expired_one_is_refused()
    {
        var terminal = await api.RegisterTerminalAsync();
        var other = await api.RegisterTerminalAsync();
        using var first = TerminalDevice.Es256();
        using var second = TerminalDevice.Es256();

        var nonce = await NonceAsync(terminal);
        await CreatedAsync(await RegisterAsync(terminal, first, nonce));
        await TerminalPayments.AssertProblemAsync(await RegisterAsync(terminal, second, nonce), HttpStatusCode.UnprocessableEntity, "challenge-used");

        var theirs = await NonceAsync(other);
        await TerminalPayments.AssertProblemAsync(await RegisterAsync(terminal, second, theirs), HttpStatusCode.UnprocessableEntity, "challenge-unknown");

    }

    [Fact]
    public async Task A_challenge_counts_to_the_end_of_its_sixty_seconds_and_not_a_tick_longer()
    {
        var terminal = await api.RegisterTerminalAsync();
        using var onTime = TerminalDevice.Es256();
        using var late = TerminalDevice.Es256();
        var issuedAt = api.Clock.GetUtcNow();
        api.Clock.FrozenAt = issuedAt;
        try
        {
            var first = await NonceAsync(terminal);
            var second = await NonceAsync(terminal);

            api.Clock.FrozenAt = issuedAt + TimeSpan.FromSeconds(60);
            await CreatedAsync(await RegisterAsync(terminal, onTime, first));
            api.Clock.FrozenAt = issuedAt + TimeSpan.FromSeconds(60) + TimeSpan.FromTicks(1);
            await TerminalPayments.AssertProblemAsync(await RegisterAsync(terminal, late, second), HttpStatusCode.UnprocessableEntity, "challenge-expired");
        }
        finally
        {
            api.Clock.FrozenAt = null;
        }
    }

    [Fact]
    public async Task Attack_a_terminal_cannot_register_a_key_for_another_terminal()
    {
        var terminal = await api.RegisterTerminalAsync();
        var victim = await api.RegisterTerminalAsync();
        using var device = TerminalDevice.Es256();
        var nonce = await NonceAsync(terminal);

        var response = await RegisterAsync(terminal, device, nonce, asTerminal: victim.TerminalId);

        await TerminalPayments.AssertProblemAsync(response, HttpStatusCode.Forbidden, "terminal-mismatch");
    }

    [Fact]
    public async Task Attack_an_attested_key_is_not_replaced_by_a_software_one_but_by_another_attested_one()
    {
        var terminal = await api.RegisterTerminalAsync();
        using var attested = TerminalDevice.Es256();
        using var software = TerminalDevice.Ed25519();
        using var replacement = TerminalDevice.Es256();
        await attested.RegisteredAsync(api, terminal, TestAttestationRoot.Trusted);

        await TerminalPayments.AssertProblemAsync(await software.RegisterAsync(api, terminal), HttpStatusCode.UnprocessableEntity,
            "device-assurance-downgrade");
        await replacement.RegisteredAsync(api, terminal, TestAttestationRoot.Trusted);

        Assert.Equal(replacement.KeyId, (await TerminalAsync(terminal)).GetProperty("deviceKey").GetProperty("deviceKeyId").GetString());
    }

    [Fact]
    public async Task Attack_a_terminal_cannot_ask_for_challenges_in_another_terminals_name()
    {
        var terminal = await api.RegisterTerminalAsync();
        var victim = await api.RegisterTerminalAsync();
        var before = await api.PersistedCountsAsync();

        var forKey = await api.PostSignedAsync(terminal, "/v1/device-keys/challenges", new { terminalId = victim.TerminalId }, ApiFixture.Key());
        var forCapture = await api.PostSignedAsync(terminal, "/v1/face-payments/challenges",
            new { terminalId = victim.TerminalId, amount = "3.00", currency = "EUR" }, ApiFixture.Key());

        await TerminalPayments.AssertProblemAsync(forKey, HttpStatusCode.Forbidden, "terminal-mismatch");
        await TerminalPayments.AssertProblemAsync(forCapture, HttpStatusCode.Forbidden, "terminal-mismatch");
        Assert.Equal(before, await api.PersistedCountsAsync());
    }
}
