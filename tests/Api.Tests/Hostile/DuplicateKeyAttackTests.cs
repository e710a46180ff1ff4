using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ledger.Api.FacePay;
using Ledger.Api.Tests.FacePay;
using Ledger.Api.Tests.Support;
using Ledger.Api.Tests.Terminals;

namespace Ledger.Api.Tests.Hostile;

/// <summary>
/// A JSON object that gives a key twice says two things: with "last wins" a reviewer, a log or a filter in front saw
/// <c>"amount":"1.00"</c> and the ledger charged <c>"amount":"500.00"</c>. Every body is refused 400
/// <c>duplicate-key</c> naming the field, over HTTP and inside a bus request alike, and nothing is written.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class DuplicateKeyAttackTests(ApiFixture api)
{
    [Fact]
    public async Task Attack_a_top_up_of_1_00_that_also_says_500_00_credits_nothing()
    {
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var before = await api.PersistedCountsAsync();

        var response = await PostJsonAsync(api.Client, $"/v1/wallets/{wallet}/top-ups",
            """{"amount":"1.00","currency":"EUR","reference":"dup","amount":"500.00"}""");

        await AssertDuplicateAsync(response, "amount");
        Assert.Equal(before, await api.PersistedCountsAsync());
        Assert.Equal("100.00", await BalanceAsync(wallet));
    }

    [Fact]
    public async Task Attack_a_signed_payment_of_1_00_that_also_says_30_00_charges_nothing_and_leaves_the_code_unused()
    {
        var till = await api.RegisterTerminalAsync();
        var wallet = await TerminalPayments.FundedWalletAsync(api);
        var code = (await CustomerDevice.IssueAsync(api, wallet)).CodeAt(api.Clock.GetUtcNow());
        var before = await api.PersistedCountsAsync();

        var twice = await api.Client.SendAsync(api.Signed(till, "/v1/payments",
            $$"""{"terminalId":"{{till.TerminalId}}","amount":"1.00","currency":"EUR","paymentCode":"{{code}}","amount":"30.00"}""", ApiFixture.Key()));

        await AssertDuplicateAsync(twice, "amount");
        Assert.Equal(before, await api.PersistedCountsAsync());
        Assert.Equal("100.00", await BalanceAsync(wallet));
        // Refused before the ledger saw it: the customer's code is still good for the payment they meant.
        var meant = await api.Client.SendAsync(api.Signed(till, "/v1/payments",
            $$"""{"terminalId":"{{till.TerminalId}}","amount":"1.00","currency":"EUR","paymentCode":"{{code}}"}""", ApiFixture.Key()));
        Assert.Equal("authorized", (await meant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        Assert.Equal("99.00", await BalanceAsync(wallet));
    }

    public static TheoryData<string, string> Repeats => new()
    {
        // Names match case-insensitively: "Currency" is "currency" again.
        { """{"customerName":"Kim","phoneNumber":"+4915112345678","currency":"EUR","Currency":"USD"}""", "currency" },
        { """{"customerName":"Kim","customerName":"Mallory","phoneNumber":"+4915112345678","currency":"EUR"}""", "customerName" },
        {
            """{"customerName":"Kim","phoneNumber":"+4915112345678","currency":"EUR","limits":{"perPayment":"5.00","dailyAmount":"9.00","dailyCount":3,"currency":"EUR","perPayment":"900.00"}}""",
            "limits.perPayment"
        },
    };

    [Theory, MemberData(nameof(Repeats))]
    public async Task A_key_repeated_at_any_depth_or_in_another_case_is_a_400_naming_it(string json, string field)
    {
        var before = await api.PersistedCountsAsync();

        await AssertDuplicateAsync(await PostJsonAsync(api.Client, "/v1/wallets", json), field);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task Attack_a_face_payment_giving_the_amount_twice_is_refused_over_HTTP_and_on_the_bus_and_nothing_is_written()
    {
        var till = await api.RegisterTerminalAsync();
        var image = Convert.ToBase64String(Faces.Crop("penny", 5));
        var body = $$"""{"terminalId":"{{till.TerminalId}}","amount":"1.00","currency":"EUR","customer":{"phoneLastFour":"1234"},"image":"{{image}}","amount":"9.00"}""";
        var before = await api.PersistedCountsAsync();

        var overHttp = await api.Client.SendAsync(api.Signed(till, "/v1/face-payments", body, ApiFixture.Key()));
        var message = BusRequests.Signed(till, body, ApiFixture.Key(), api.Clock.GetUtcNow());
        var onTheBus = (await BusRequests.Client(api.Services).GetResponse<FacePaymentReplied>(message)).Message;

        await AssertDuplicateAsync(overHttp, "amount");
        Assert.Equal(400, onTheBus.Status);
        var problem = JsonDocument.Parse(onTheBus.Body).RootElement;
        Assert.Equal("urn:ledger:problem:duplicate-key", problem.GetProperty("type").GetString());
        Assert.Contains("'amount'", problem.GetProperty("detail").GetString());
        Assert.True(onTheBus.VerifyFor(message, till.Secret, api.Clock.GetUtcNow()).IsGenuine);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    private static async Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", ApiFixture.Key());
        return await client.SendAsync(request);
    }

    private static async Task AssertDuplicateAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("urn:ledger:problem:duplicate-key", problem.GetProperty("type").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {text}");
    }

    private async Task<string> BalanceAsync(Guid wallet) =>
        (await api.Client.GetFromJsonAsync<JsonElement>($"/v1/wallets/{wallet}")).GetProperty("balance").GetProperty("amount").GetString()!;
}
