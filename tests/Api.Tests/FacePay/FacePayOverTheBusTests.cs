using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ledger.Api.FacePay;
using Ledger.Api.Tests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.FacePay;

/// <summary>Verify-and-pay as a request/response on the bus: the same signature, validation and idempotency as HTTP.</summary>
[Collection(ApiCollection.Name)]
public sealed class FacePayOverTheBusTests(ApiFixture api)
{
    private readonly FacePayDriver _driver = new(api);

    [Fact]
    public async Task A_signed_request_on_the_bus_pays_once_and_a_replayed_or_tampered_one_is_refused()
    {
        var terminal = await api.RegisterTerminalAsync();
        var penny = await _driver.EnrolledAsync("penny");
        var client = api.Services.GetRequiredService<IClientFactory>().CreateRequestClient<FacePaymentRequested>(RequestTimeout.After(s: 60));
        var body = JsonSerializer.Serialize(new
        {
            terminalId = terminal.TerminalId, amount = "2.00", currency = "EUR", customer = FacePayDriver.Phone(penny),
            image = Convert.ToBase64String(Faces.Crop("penny", 5)),
        }, JsonSerializerOptions.Web);
        var key = ApiFixture.Key();
        var message = Signed(terminal, body, key);

        var paid = (await client.GetResponse<FacePaymentReplied>(message)).Message;
        var replayedNonce = (await client.GetResponse<FacePaymentReplied>(message)).Message;
        var tampered = (await client.GetResponse<FacePaymentReplied>(message with { Body = body.Replace("\"2.00\"", "\"9.00\""), Nonce = "fresh-" + key })).Message;
        var retried = (await client.GetResponse<FacePaymentReplied>(Signed(terminal, body, key))).Message;

        Assert.Equal(201, paid.Status);
        var payment = JsonDocument.Parse(paid.Body).RootElement;
        Assert.Equal("authorized", payment.GetProperty("status").GetString());
        Assert.Equal((401, "urn:ledger:problem:replayed"), (replayedNonce.Status, Type(replayedNonce)));
        Assert.Equal((401, "urn:ledger:problem:signature-invalid"), (tampered.Status, Type(tampered)));
        Assert.Equal(201, retried.Status);
        Assert.Equal(payment.GetProperty("paymentId").GetGuid(), JsonDocument.Parse(retried.Body).RootElement.GetProperty("paymentId").GetGuid());
        Assert.Equal(1L, await api.ScalarAsync<long>("select count(*) from ledger.mt_events where stream_id = @id and type = 'wallet_debited.v1'", penny.WalletId));
    }

    [Fact]
    public async Task A_malformed_request_on_the_bus_gets_the_problem_HTTP_would_give_and_nothing_is_written()
    {
        var terminal = await api.RegisterTerminalAsync();
        var client = api.Services.GetRequiredService<IClientFactory>().CreateRequestClient<FacePaymentRequested>(RequestTimeout.After(s: 60));
        var before = await api.PersistedCountsAsync();

        var reply = (await client.GetResponse<FacePaymentReplied>(Signed(terminal,
            JsonSerializer.Serialize(new { terminalId = terminal.TerminalId, amount = "1.999", currency = "EUR" }, JsonSerializerOptions.Web), ApiFixture.Key()))).Message;

        Assert.Equal(400, reply.Status);
        Assert.Contains("amount", reply.Body);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    private FacePaymentRequested Signed(TerminalCredential terminal, string body, string key)
    {
        var ts = api.Clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var nonce = Guid.NewGuid().ToString("N");
        var toSign = $"v1\nBUS\n/v1/face-payments\n{ts}\n{nonce}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))}";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(terminal.Secret), Encoding.UTF8.GetBytes(toSign)));
        return new FacePaymentRequested(terminal.KeyId, ts, nonce, signature, key, body);
    }

    private static string? Type(FacePaymentReplied reply) => JsonDocument.Parse(reply.Body).RootElement.GetProperty("type").GetString();
}
