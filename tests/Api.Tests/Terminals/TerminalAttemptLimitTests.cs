using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using static Ledger.Api.Tests.Terminals.TerminalPayments;

namespace Ledger.Api.Tests.Terminals;

/// <summary>
/// A merchant's till guessing payment codes is stopped where it happens: the fifth failed attempt within a minute
/// suspends the till in the same commit, and from then on it gets 429 until an operator reactivates it.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class TerminalAttemptLimitTests(ApiFixture api)
{
    [Fact]
    public async Task Attack_the_fifth_failed_attempt_suspends_the_till_and_the_next_gets_429_with_nothing_written()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await FundedWalletAsync(api);
        var phone = await CustomerDevice.IssueAsync(api, wallet);
        var right = phone.Otp(api.Clock.GetUtcNow().ToUnixTimeSeconds() / 30);

        for (var guess = 1; guess <= 5; guess++)
        {
            var answer = await api.PostSignedAsync(till, "/v1/payments", Body(till, phone.Show(Wrong(right, guess))), ApiFixture.Key());
            Assert.Equal(HttpStatusCode.Created, answer.StatusCode);
            Assert.Equal("payment_code_invalid", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
        }

        // Even the customer's own code is refused at the edge now, before anything is read or written.
        var request = api.Signed(till, "/v1/payments", JsonSerializer.Serialize(Body(till, phone.Show(right))), ApiFixture.Key());
        var before = await api.PersistedCountsAsync();
        await AssertProblemAsync(await api.Client.SendAsync(request), HttpStatusCode.TooManyRequests, "too-many-failed-attempts");
        Assert.Equal(before, await api.PersistedCountsAsync());

        Assert.Equal(HttpStatusCode.OK, (await api.PostAsync($"/v1/terminals/{till.TerminalId}/reactivate", null, ApiFixture.Key())).StatusCode);
        // The guessed credential is locked by its own rule by now; the customer's other phone pays.
        var other = await CustomerDevice.IssueAsync(api, wallet);
        var paid = await api.PostSignedAsync(till, "/v1/payments", Body(till, other.CodeAt(api.Clock.GetUtcNow())), ApiFixture.Key());
        Assert.Equal("authorized", (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Four_failed_attempts_leave_the_till_working()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await FundedWalletAsync(api);
        var phone = await CustomerDevice.IssueAsync(api, wallet);
        var right = phone.Otp(api.Clock.GetUtcNow().ToUnixTimeSeconds() / 30);

        for (var guess = 1; guess <= 4; guess++)
            await api.PostSignedAsync(till, "/v1/payments", Body(till, phone.Show(Wrong(right, guess))), ApiFixture.Key());

        var paid = await api.PostSignedAsync(till, "/v1/payments", Body(till, phone.Show(right)), ApiFixture.Key());
        Assert.Equal("authorized", (await paid.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    private static string Wrong(string right, int guess) => ((int.Parse(right) + guess) % 100_000_000).ToString("D8");

    private static object Body(TerminalCredential till, string code) =>
        new { terminalId = till.TerminalId, amount = "1.00", currency = "EUR", paymentCode = code };
}
