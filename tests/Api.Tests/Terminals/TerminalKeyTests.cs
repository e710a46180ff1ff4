using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Npgsql;
using static Ledger.Api.Tests.Terminals.TerminalPayments;

namespace Ledger.Api.Tests.Terminals;

[Collection(ApiCollection.Name)]
public sealed class TerminalKeyTests(ApiFixture api)
{
    [Fact]
    public async Task The_secret_is_shown_once_and_is_stored_nowhere_in_plain_text()
    {
        var merchant = await api.PostAsync("/v1/merchants", new { name = "Kiosk", settlementCurrency = "EUR", settlementAccount = "DE89370400440532013000" }, ApiFixture.Key());
        var merchantId = (await merchant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("merchantId").GetGuid();
        var key = ApiFixture.Key();
        var first = await (await api.PostAsync("/v1/terminals", new { merchantId, label = "till" }, key)).Content.ReadFromJsonAsync<JsonElement>();
        var again = await (await api.PostAsync("/v1/terminals", new { merchantId, label = "till" }, key)).Content.ReadFromJsonAsync<JsonElement>();

        var secret = first.GetProperty("key").GetProperty("secret").GetString()!;
        Assert.Equal(first.GetProperty("key").GetProperty("keyId").GetString(), again.GetProperty("key").GetProperty("keyId").GetString());
        Assert.Equal(JsonValueKind.Null, again.GetProperty("key").GetProperty("secret").ValueKind);

        await using var conn = new NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select count(*) from ledger.mt_events where data::text like '%' || $1 || '%' or headers::text like '%' || $1 || '%'", conn)
            { Parameters = { new() { Value = secret } } };
        Assert.Equal(0L, await cmd.ExecuteScalarAsync());
        await using var sealedCmd = new NpgsqlCommand("select sealed_secret from ledger.terminal_keys", conn);
        await using var reader = await sealedCmd.ExecuteReaderAsync();
        var secretBytes = Encoding.ASCII.GetBytes(secret);
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            Assert.Equal(-1, reader.GetFieldValue<byte[]>(0).AsSpan().IndexOf(secretBytes));
        }
        Assert.True(rows > 0);
    }

    [Fact]
    public async Task After_rotation_the_old_key_works_within_the_overlap_and_is_refused_after_it()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await FundedWalletAsync(api);
        var rotation = await api.PostAsync($"/v1/terminals/{till.TerminalId}/keys", new { overlapSeconds = 120 }, ApiFixture.Key());
        Assert.Equal(HttpStatusCode.Created, rotation.StatusCode);
        var rotated = await rotation.Content.ReadFromJsonAsync<JsonElement>();
        var next = till with { KeyId = rotated.GetProperty("keyId").GetString()!, Secret = rotated.GetProperty("secret").GetString()! };
        Assert.NotEqual(till.KeyId, next.KeyId);

        Assert.Equal(HttpStatusCode.Created, (await Pay(till, wallet)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Pay(next, wallet)).StatusCode);
        try
        {
            api.Clock.Offset = TimeSpan.FromMinutes(3);
            var retired = api.Signed(till, "/v1/payments", await BodyAsync(api, wallet, till.TerminalId), ApiFixture.Key());
            var before = await api.PersistedCountsAsync();
            await AssertProblemAsync(await api.Client.SendAsync(retired), HttpStatusCode.Unauthorized, "key-unknown");
            Assert.Equal(before, await api.PersistedCountsAsync());
            Assert.Equal(HttpStatusCode.Created, (await Pay(next, wallet)).StatusCode);
        }
        finally
        {
            api.Clock.Offset = TimeSpan.Zero;
        }
    }

    [Fact]
    public async Task A_rotation_repeated_with_the_same_idempotency_key_does_not_show_a_secret_again()
    {
        var till = await api.RegisterTerminalAsync();
        var key = ApiFixture.Key();
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync($"/v1/terminals/{till.TerminalId}/keys", new { overlapSeconds = 0 }, key)).StatusCode);
        await AssertProblemAsync(await api.PostAsync($"/v1/terminals/{till.TerminalId}/keys", new { overlapSeconds = 0 }, key),
            HttpStatusCode.Conflict, "key-already-issued");
        await AssertProblemAsync(await Pay(till, await FundedWalletAsync(api)), HttpStatusCode.Unauthorized, "key-unknown");
    }

    [Fact]
    public async Task Attack_a_key_ended_by_another_node_is_refused_at_once_though_this_node_remembers_it()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await FundedWalletAsync(api);
        // This node has now read the key and remembers it.
        Assert.Equal(HttpStatusCode.Created, (await Pay(till, wallet)).StatusCode);
        await using (var conn = new NpgsqlConnection(api.ConnectionString))
        {
            // What another node's rotation with no overlap writes: this node hears nothing of it.
            await conn.OpenAsync();
            await using var end = new NpgsqlCommand("update ledger.terminal_keys set valid_until = $1 where key_id = $2", conn)
                { Parameters = { new() { Value = api.Clock.GetUtcNow().AddSeconds(-1) }, new() { Value = till.KeyId } } };
            Assert.Equal(1, await end.ExecuteNonQueryAsync());
        }

        var ended = api.Signed(till, "/v1/payments", await BodyAsync(api, wallet, till.TerminalId), ApiFixture.Key());
        var before = await api.PersistedCountsAsync();
        await AssertProblemAsync(await api.Client.SendAsync(ended), HttpStatusCode.Unauthorized, "key-unknown");
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    private async Task<HttpResponseMessage> Pay(TerminalCredential till, Guid wallet) =>
        await api.Client.SendAsync(api.Signed(till, "/v1/payments", await BodyAsync(api, wallet, till.TerminalId), ApiFixture.Key()));
}
