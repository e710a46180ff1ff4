using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Terminals;

/// <summary>A funded, consenting wallet and the payment body a terminal would sign for it.</summary>
internal static class TerminalPayments
{
    public static async Task<Guid> FundedWalletAsync(ApiFixture api)
    {
        var opened = await api.PostAsync("/v1/wallets", new { customerName = "Sam", phoneNumber = "+4915112340000", currency = "EUR" }, ApiFixture.Key());
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
        var walletId = (await opened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("walletId").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/wallets/{walletId}/face-pay", new { policyVersion = "consent-2026-01" }, ApiFixture.Key(), "PUT")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/wallets/{walletId}/top-ups", new { amount = "100.00", currency = "EUR", reference = "acq" }, ApiFixture.Key())).StatusCode);
        return walletId;
    }

    /// <summary>A payment body with a code from a new credential of the wallet's (one credential per payment: a code is single use).</summary>
    public static async Task<string> BodyAsync(ApiFixture api, Guid walletId, Guid terminalId, string amount = "1.00")
    {
        var device = await CustomerDevice.IssueAsync(api, walletId);
        return JsonSerializer.Serialize(new { terminalId, amount, currency = "EUR", paymentCode = device.CodeAt(api.Clock.GetUtcNow()) });
    }

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? type = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (type is not null)
            Assert.Equal($"urn:ledger:problem:{type}", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }
}
