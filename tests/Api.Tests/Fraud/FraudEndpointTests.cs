using System.Net;
using System.Text.Json;
using Ledger.Api.Tests.Support;
using Ledger.Domain.Fraud;
using Ledger.Infrastructure.Fraud;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Api.Tests.Fraud;

[Collection(ApiCollection.Name)]
public sealed class FraudEndpointTests(ApiFixture api)
{
    [Theory]
    [InlineData("/v1/fraud/alerts?subject=customer:0a4f6e4e-9a59-4a53-8d0a-1d3b3cf1c001", "subject")]
    [InlineData("/v1/fraud/alerts?subject=wallet:not-a-guid", "subject")]
    [InlineData("/v1/fraud/alerts?before=0", "before")]
    public async Task A_malformed_filter_is_a_400_naming_the_field(string path, string field)
    {
        var response = await api.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_terminal_or_wallet_without_events_has_no_fraud_view_yet()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync($"/v1/fraud/terminals/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync($"/v1/fraud/wallets/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Alerts_of_one_subject_are_listed_newest_first_page_by_page_and_counted_in_its_view()
    {
        var walletId = Guid.NewGuid();
        var raised = new List<Guid>();
        var store = api.Services.GetRequiredService<IDocumentStore>();
        for (var n = 0; n < 3; n++)
        {
            var alert = new FraudAlertRaised(FraudAlertIds.For("customer_payments_per_minute", FraudSubject.Wallet(walletId), Guid.NewGuid()),
                FraudSubject.Wallet(walletId), "customer_payments_per_minute", FraudSeverity.Medium,
                new FraudEvidence([Guid.NewGuid()], 5, 5, 60), FraudPolicy.Default.Version, DateTimeOffset.UtcNow);
            await using var session = store.LightweightSession();
            session.Events.StartStream<FraudAlertView>(alert.AlertId, alert);
            await session.SaveChangesAsync();
            raised.Add(alert.AlertId);
        }

        // The list is projected asynchronously: wait until all three are in before reading pages, or the first page
        // could hold the two that happened to be projected first.
        await UntilAsync($"/v1/fraud/alerts?subject=wallet:{walletId}&limit=10", page => page.GetProperty("alerts").GetArrayLength() == 3);
        var first = JsonDocument.Parse(await api.Client.GetStringAsync($"/v1/fraud/alerts?subject=wallet:{walletId}&limit=2")).RootElement;
        Assert.Equal([raised[2], raised[1]], Ids(first));
        var next = first.GetProperty("next").GetString()!;
        var second = JsonDocument.Parse(await api.Client.GetStringAsync(next)).RootElement;
        Assert.Equal([raised[0]], Ids(second));
        Assert.Equal(JsonValueKind.Null, second.GetProperty("next").ValueKind);

        var view = await UntilAsync($"/v1/fraud/wallets/{walletId}", v => v.GetProperty("alerts").GetInt32() == 3);
        Assert.Equal(0, view.GetProperty("highAlerts").GetInt32());
        Assert.Empty(Ids(JsonDocument.Parse(await api.Client.GetStringAsync($"/v1/fraud/alerts?subject=terminal:{walletId}")).RootElement));
    }

    private static IEnumerable<Guid> Ids(JsonElement page) =>
        page.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("id").GetGuid()).ToList();

    // The views are asynchronous: poll until the daemon has caught up (the deadline only stops a broken run).
    private async Task<JsonElement> UntilAsync(string path, Func<JsonElement, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await api.Client.GetAsync(path);
            if (response.IsSuccessStatusCode)
            {
                var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                if (ready(body)) return body;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path} not ready: {(int)response.StatusCode}");
            await Task.Delay(100);
        }
    }
}
