using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Infrastructure.Audit;
using Microsoft.Extensions.DependencyInjection;
using static Ledger.Api.Tests.Terminals.TerminalPayments;
using Ledger.Verifier;

namespace Ledger.Api.Tests.Access;

/// <summary>The auditors' endpoints answer what the CLI answers on the host: a verifiable export, explanations, past states.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditEndpointTests(ApiFixture api)
{
    [Fact]
    public async Task The_public_key_is_public_and_its_id_is_the_first_8_bytes_of_its_SHA256_in_hex()
    {
        var response = await api.AnonymousClient.GetAsync("/v1/audit/public-key");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var raw = Convert.FromBase64String(body.GetProperty("publicKey").GetString()!);
        Assert.Equal("Ed25519", body.GetProperty("algorithm").GetString());
        Assert.Equal(32, raw.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(raw)[..8]), body.GetProperty("keyId").GetString());
    }

    [Fact]
    public async Task An_export_of_a_wallets_stream_verifies_offline_against_the_published_key()
    {
        var walletId = await FundedWalletAsync(api);
        await CheckpointAsync();
        var publicKey = Convert.FromBase64String((await (await api.AnonymousClient.GetAsync("/v1/audit/public-key"))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publicKey").GetString()!);

        var response = await api.AuditorClient.GetAsync($"/v1/audit/export?stream={walletId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/jsonl", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3", response.Headers.GetValues("Ledger-Export-Events").Single());
        var text = await response.Content.ReadAsStringAsync();
        var verification = await ExportVerifier.VerifyAsync(new StringReader(text), publicKey, default);
        Assert.True(verification.Holds, verification.Failure?.ToString());
        Assert.Equal(3, verification.EventsChecked);
    }

    [Fact]
    public async Task A_consistency_proof_between_two_signed_checkpoints_verifies_against_their_roots()
    {
        await FundedWalletAsync(api);
        var older = (await SignedCheckpointAsync()).Statement;
        await FundedWalletAsync(api);
        var newer = (await SignedCheckpointAsync()).Statement;
        var publicKey = api.Services.GetRequiredService<AuditKeyRing>().Current.PublicKey;

        var body = await api.AuditorClient.GetFromJsonAsync<JsonElement>($"/v1/audit/consistency?from={older.Size}&to={newer.Size}");

        var proof = body.GetProperty("proof").EnumerateArray().Select(h => Domain.Audit.ChainHash.FromHex(h.GetString()!)).ToList();
        Assert.True(Domain.Audit.ConsistencyProof.Verify(older.Size, newer.Size,
            Domain.Audit.ChainHash.FromHex(older.Root), Domain.Audit.ChainHash.FromHex(newer.Root), proof));
        foreach (var (side, statement) in new[] { ("from", older), ("to", newer) })
        {
            var c = body.GetProperty(side);
            Assert.Equal(statement.Root, c.GetProperty("root").GetString());
            Assert.True(AuditKeys.Verify(publicKey, statement.SignedBytes(), Convert.FromBase64String(c.GetProperty("signature").GetString()!)));
        }
        Assert.Empty((await api.AuditorClient.GetFromJsonAsync<JsonElement>($"/v1/audit/consistency?from={newer.Size}&to={newer.Size}"))
            .GetProperty("proof").EnumerateArray());
    }

    [Fact]
    public async Task The_newest_checkpoint_is_public_as_a_signed_note_of_this_logs_name()
    {
        await FundedWalletAsync(api);
        var signed = await SignedCheckpointAsync();
        var key = api.Services.GetRequiredService<AuditKeyRing>().Current;
        var origin = api.Services.GetRequiredService<AuditOptions>().Origin;

        var response = await api.AnonymousClient.GetAsync("/v1/audit/checkpoint");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Equal(origin, lines[0]);
        Assert.True(long.Parse(lines[1]) >= signed.Statement.Size);
        var blob = Convert.FromBase64String(lines[4].Split(' ')[2]);
        Assert.Equal(Domain.Audit.CheckpointNote.KeyHash(origin, key.PublicKey), blob[..4]);
        Assert.True(AuditKeys.Verify(key.PublicKey, System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines[..3]) + "\n"), blob[4..]));
    }

    [Fact]
    public async Task A_consistency_proof_needs_two_signed_sizes_in_order()
    {
        await FundedWalletAsync(api);
        var size = (await SignedCheckpointAsync()).Statement.Size;

        await AssertProblemAsync(await api.AuditorClient.GetAsync($"/v1/audit/consistency?from={size}"), HttpStatusCode.BadRequest, "validation");
        await AssertProblemAsync(await api.AuditorClient.GetAsync($"/v1/audit/consistency?from=0&to={size}"), HttpStatusCode.BadRequest, "validation");
        await AssertProblemAsync(await api.AuditorClient.GetAsync($"/v1/audit/consistency?from={size}&to={size - 1}"), HttpStatusCode.BadRequest, "validation");
        await AssertProblemAsync(await api.AuditorClient.GetAsync($"/v1/audit/consistency?from={size}&to={size + 1_000_000}"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Client.GetAsync($"/v1/audit/consistency?from={size}&to={size}")).StatusCode);
    }

    [Fact]
    public async Task An_export_from_after_to_is_a_400_and_an_export_of_an_unknown_stream_a_409_problem()
    {
        await CheckpointAsync();

        await AssertProblemAsync(await api.AuditorClient.GetAsync("/v1/audit/export?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z"),
            HttpStatusCode.BadRequest, "validation");
        await AssertProblemAsync(await api.AuditorClient.GetAsync($"/v1/audit/export?stream={Guid.NewGuid()}"),
            HttpStatusCode.Conflict, "export-not-possible");
    }

    [Fact]
    public async Task A_payments_explanation_is_its_recorded_decision_as_JSON_or_text()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await FundedWalletAsync(api);
        var paid = await api.Client.SendAsync(api.Signed(till, "/v1/payments", await BodyAsync(api, wallet, till.TerminalId, "12.50"), ApiFixture.Key()));
        var paymentId = (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentId").GetGuid();

        var json = await api.AuditorClient.GetFromJsonAsync<JsonElement>($"/v1/audit/payments/{paymentId}/explanation");
        var textRequest = new HttpRequestMessage(HttpMethod.Get, $"/v1/audit/payments/{paymentId}/explanation") { Headers = { { "Accept", "text/plain" } } };
        var text = await (await api.AuditorClient.SendAsync(textRequest)).Content.ReadAsStringAsync();

        Assert.Equal("authorized", json.GetProperty("outcome").GetString());
        Assert.Equal($"terminal:{till.TerminalId}", json.GetProperty("actor").GetString());
        Assert.StartsWith($"Payment {paymentId}: AUTHORIZED", text);
        await AssertProblemAsync(await api.AuditorClient.GetAsync($"/v1/audit/payments/{Guid.NewGuid()}/explanation"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_wallets_state_at_an_earlier_version_is_what_it_was_then()
    {
        var walletId = await FundedWalletAsync(api);

        var opened = await api.AuditorClient.GetFromJsonAsync<JsonElement>($"/v1/audit/state/wallet/{walletId}?version=1");
        var now = await api.AuditorClient.GetFromJsonAsync<JsonElement>($"/v1/audit/state/wallet/{walletId}");

        Assert.Equal(1, opened.GetProperty("version").GetInt64());
        Assert.False(opened.GetProperty("state").GetProperty("facePayEnabled").GetBoolean());
        Assert.Equal(3, now.GetProperty("version").GetInt64());
        Assert.True(now.GetProperty("state").GetProperty("facePayEnabled").GetBoolean());
    }

    [Theory]
    [InlineData("dragon/{0}", "kind")]
    [InlineData("wallet/{0}?version=0", "version")]
    [InlineData("wallet/{0}?version=1&asOf=2026-01-01T00:00:00Z", "asOf")]
    public async Task A_bad_state_request_is_a_400_naming_the_field(string path, string field)
    {
        var response = await api.AuditorClient.GetAsync("/v1/audit/state/" + string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:ledger:problem:validation", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    private async Task<AuditCheckpoint> SignedCheckpointAsync()
    {
        await api.Services.GetRequiredService<AuditChainWriter>().CatchUpAsync(default);
        return (await api.Services.GetRequiredService<AuditCheckpointer>().CheckpointAsync(force: true, default))!;
    }

    private async Task CheckpointAsync()
    {
        await api.Services.GetRequiredService<AuditChainWriter>().CatchUpAsync(default);
        await api.Services.GetRequiredService<AuditCheckpointer>().CheckpointAsync(force: true, default);
    }
}
