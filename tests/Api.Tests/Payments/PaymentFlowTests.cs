using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Payments;

[Collection(ApiCollection.Name)]
public sealed class PaymentFlowTests(ApiFixture api)
{
    [Fact]
    public async Task A_customer_tops_up_pays_at_a_terminal_gets_a_refund_and_the_books_balance()
    {
        var merchant = await CreatedAsync("/v1/merchants", new { name = "Kiosk", settlementCurrency = "EUR", settlementAccount = "DE89370400440532013000" });
        var terminal = await CreatedAsync("/v1/terminals", new { merchantId = merchant.GetProperty("merchantId").GetGuid(), label = "till 1", location = new { latitude = 52.5, longitude = 13.4 } });
        var till = new TerminalCredential(terminal.GetProperty("terminalId").GetGuid(), merchant.GetProperty("merchantId").GetGuid(),
            terminal.GetProperty("key").GetProperty("keyId").GetString()!, terminal.GetProperty("key").GetProperty("secret").GetString()!);
        var wallet = await CreatedAsync("/v1/wallets", new
        {
            customerName = "Kim", phoneNumber = "+4915112345678", currency = "EUR",
            limits = new { perPayment = "30.00", dailyAmount = "50.00", dailyCount = 3, currency = "EUR" },
        });
        var walletId = wallet.GetProperty("walletId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/wallets/{walletId}/face-pay", new { policyVersion = "consent-2026-01" }, ApiFixture.Key(), "PUT")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/wallets/{walletId}/top-ups", new { amount = "40.00", currency = "EUR", reference = "acq-1" }, ApiFixture.Key())).StatusCode);

        var key = ApiFixture.Key();
        var phone = await CustomerDevice.IssueAsync(api, walletId);
        var pay = new { terminalId = terminal.GetProperty("terminalId").GetGuid(), amount = "30.00", currency = "EUR", paymentCode = phone.CodeAt(api.Clock.GetUtcNow()) };
        var first = await api.PostSignedAsync(till, "/v1/payments", pay, key);
        var again = await api.PostSignedAsync(till, "/v1/payments", pay, key);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.True(again.Headers.Contains("Idempotent-Replayed"));
        var payment = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("authorized", payment.GetProperty("status").GetString());
        // The terminal hears the decision only; the rule inputs are for the operator.
        Assert.False(payment.TryGetProperty("decision", out _));
        var recorded = await api.Client.GetFromJsonAsync<JsonElement>($"/v1/payments/{payment.GetProperty("paymentId").GetGuid()}");
        Assert.Equal("40.00", recorded.GetProperty("decision").GetProperty("balance").GetProperty("amount").GetString());

        var conflict = await api.PostSignedAsync(till, "/v1/payments", pay with { amount = "31.00" }, key);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);

        // The code was used: the same code again is declined whatever the amount, and says nothing more.
        var reused = await (await api.PostSignedAsync(till, "/v1/payments", pay with { amount = "1.00" }, ApiFixture.Key())).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("declined", "payment_code_invalid"), (reused.GetProperty("status").GetString(), reused.GetProperty("reason").GetString()));

        var secondPhone = await CustomerDevice.IssueAsync(api, walletId);
        var declined = await (await api.PostSignedAsync(till, "/v1/payments", pay with { amount = "10.01", paymentCode = secondPhone.CodeAt(api.Clock.GetUtcNow()) },
            ApiFixture.Key())).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("declined", declined.GetProperty("status").GetString());
        Assert.Equal("wallet_declined", declined.GetProperty("reason").GetString());
        Assert.Equal("insufficient_funds", (await api.Client.GetFromJsonAsync<JsonElement>($"/v1/payments/{declined.GetProperty("paymentId").GetGuid()}"))
            .GetProperty("declineReason").GetString());

        var paymentId = payment.GetProperty("paymentId").GetGuid();
        var refund = await api.PostAsync($"/v1/payments/{paymentId}/refunds", new { amount = "12.50", currency = "EUR", reason = "returned" }, ApiFixture.Key());
        Assert.Equal(HttpStatusCode.Created, refund.StatusCode);
        var tooMuch = await api.PostAsync($"/v1/payments/{paymentId}/refunds", new { amount = "17.51", currency = "EUR", reason = "again" }, ApiFixture.Key());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooMuch.StatusCode);

        var after = await api.Client.GetFromJsonAsync<JsonElement>($"/v1/wallets/{walletId}");
        Assert.Equal("22.50", after.GetProperty("balance").GetProperty("amount").GetString());
        var journal = await api.Client.GetFromJsonAsync<JsonElement>($"/v1/ledger/journal?account=wallet:{walletId}");
        Assert.Equal(3, journal.GetProperty("entries").GetArrayLength());
        foreach (var line in (await api.Client.GetFromJsonAsync<JsonElement>("/v1/ledger/trial-balance")).EnumerateArray())
        {
            Assert.Equal(0, line.GetProperty("sumOfAllAccountsMinor").GetInt64());
            Assert.Equal(0, line.GetProperty("unbalancedEntries").GetInt64());
        }
    }

    [Fact]
    public async Task Closing_a_wallet_with_money_in_it_is_refused_with_422()
    {
        var wallet = await CreatedAsync("/v1/wallets", new { customerName = "Lee", phoneNumber = "+4915112345679", currency = "EUR" });
        var id = wallet.GetProperty("walletId").GetGuid();
        await api.PostAsync($"/v1/wallets/{id}/top-ups", new { amount = "1.00", currency = "EUR", reference = "r" }, ApiFixture.Key());
        var response = await api.PostAsync($"/v1/wallets/{id}/close", null, ApiFixture.Key());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:ledger:problem:balance-not-zero", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_payment_endpoint()
    {
        var doc = await api.Client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(doc.GetProperty("paths").TryGetProperty("/v1/payments", out _));
    }

    private async Task<JsonElement> CreatedAsync(string path, object body)
    {
        var response = await api.PostAsync(path, body, ApiFixture.Key());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
