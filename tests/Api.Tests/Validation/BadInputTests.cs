using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ledger.Api.Tests.Support;

namespace Ledger.Api.Tests.Validation;

/// <summary>Malformed requests get RFC 9457 problem details and leave no trace in the store.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFixture api)
{
    public static TheoryData<string, string, string> BadAmounts => new()
    {
        { "0.00", "EUR", "amount" },
        { "-5.00", "EUR", "amount" },
        { "12.345", "EUR", "amount" },
        { "1.5", "JPY", "amount" },
        { "1e3", "EUR", "amount" },
        { "12,50", "EUR", "amount" },
        { "10.00", "XYZ", "currency" },
        { "10.00", "eur", "currency" },
        { "", "EUR", "amount" },
        { "99999999999999.00", "EUR", "amount" },
    };

    [Theory, MemberData(nameof(BadAmounts))]
    public async Task A_payment_with_a_bad_amount_or_currency_is_a_400_naming_the_field_and_persists_nothing(string amount, string currency, string field)
    {
        var till = await api.RegisterTerminalAsync();
        var before = await api.PersistedCountsAsync();
        var response = await api.PostSignedAsync(till, "/v1/payments",
            new { terminalId = till.TerminalId, amount, currency, paymentCode = "81000000000001000000008" }, ApiFixture.Key());

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task An_amount_sent_as_a_json_number_is_refused()
    {
        var before = await api.PersistedCountsAsync();
        var response = await Raw("/v1/wallets/" + Guid.NewGuid() + "/top-ups", """{"amount": 10.5, "currency": "EUR", "reference": "r"}""", ApiFixture.Key());
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task A_state_change_without_an_idempotency_key_is_a_400_and_persists_nothing()
    {
        var before = await api.PersistedCountsAsync();
        var response = await api.PostAsync("/v1/wallets", new { customerName = "Kim", phoneNumber = "+4915112345678", currency = "EUR" }, key: null);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "Idempotency-Key");
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem_and_persists_nothing()
    {
        var before = await api.PersistedCountsAsync();
        var huge = JsonSerializer.Serialize(new { customerName = new string('x', 100_000), phoneNumber = "+4915112345678", currency = "EUR" });
        var response = await Raw("/v1/wallets", huge, ApiFixture.Key());

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task Malformed_json_and_unknown_fields_are_400_problems()
    {
        var before = await api.PersistedCountsAsync();
        await AssertProblemAsync(await Raw("/v1/wallets", "{\"customerName\": ", ApiFixture.Key()), HttpStatusCode.BadRequest);
        await AssertProblemAsync(await Raw("/v1/wallets",
            """{"customerName":"Kim","phoneNumber":"+4915112345678","currency":"EUR","amuont":"1"}""", ApiFixture.Key()), HttpStatusCode.BadRequest);
        Assert.Equal(before, await api.PersistedCountsAsync());
    }

    [Fact]
    public async Task Opening_a_wallet_with_bad_fields_lists_every_field_at_once()
    {
        var response = await api.PostAsync("/v1/wallets", new { customerName = "", phoneNumber = "0151", currency = "EURO" }, ApiFixture.Key());
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "customerName");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("phoneNumber", out _));
        Assert.True(errors.TryGetProperty("currency", out _));
    }

    [Fact]
    public async Task Unknown_resources_are_404_problems()
    {
        await AssertProblemAsync(await api.Client.GetAsync($"/v1/wallets/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await api.Client.GetAsync($"/v1/payments/{Guid.NewGuid()}"), HttpStatusCode.NotFound);
        await AssertProblemAsync(await api.PostAsync($"/v1/wallets/{Guid.NewGuid()}/top-ups",
            new { amount = "1.00", currency = "EUR", reference = "r" }, ApiFixture.Key()), HttpStatusCode.NotFound);
    }

    private Task<HttpResponseMessage> Raw(string path, string json, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return api.Client.SendAsync(request);
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        if (field is not null)
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}' in {problem}");
        return problem;
    }
}
