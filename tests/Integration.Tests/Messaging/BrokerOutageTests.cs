using Ledger.Domain.Payments;
using Ledger.Infrastructure.Messaging;
using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Infrastructure.Messaging.Publishing;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ledger.Integration.Tests.Messaging;

/// <summary>
/// The publisher loses the real broker in the middle of a run: it reaches RabbitMQ through a TCP link of its own
/// that the test cuts (every connection reset, new ones refused) and restores, so the broker that the other test
/// projects use at the same time is never touched. Payments must not notice; the publisher backs off and, once
/// the broker is back, delivers everything, each once to the feed.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class BrokerOutageTests(MessagingFixture fixture)
{
    [Fact]
    public async Task Payments_made_while_the_broker_is_stopped_are_all_delivered_once_it_returns()
    {
        var (merchantId, terminalId) = await fixture.Ledger.MerchantWithTerminalAsync();
        var walletId = await fixture.Ledger.FundedWalletAsync(LedgerFixture.Eur(200));
        await using var link = BrokerLink();
        await using var publisher = await fixture.StartPublisherAsync(Through(link));
        var health = publisher.Services.GetRequiredService<HealthCheckService>();
        var state = publisher.Services.GetRequiredService<PublisherState>();
        var payments = new List<Payment> { await fixture.PayAsync(walletId, terminalId, 1m) };
        await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(merchantId)).Count == 1, "the first payment in the feed");

        try
        {
            link.Cut();
            for (var i = 0; i < 10; i++) payments.Add(await fixture.PayAsync(walletId, terminalId, 3m));
            // The publisher times out, retries with backoff and opens its circuit; the events wait in the store.
            await Eventually.HoldsAsync(() => state.CircuitOpenings >= 1, "the publishing circuit opens");
            // The service stays ready, degraded: the bus has lost the broker but payments go on.
            Assert.Equal(HealthStatus.Degraded, await HealthAsync(health, MessagingServices.HealthCheckName));
            Assert.Equal(HealthStatus.Degraded, await HealthAsync(health, MessagingServices.PublisherHealthCheckName));
            Assert.True(await PublisherHost.LagAsync(health) >= 1, "the unpublished events wait behind the checkpoint");
            Assert.Equal((1, 100, 0), await fixture.FeedAsync(merchantId));
        }
        finally
        {
            link.Restore();
        }

        Assert.All(payments, p => Assert.Equal(PaymentStatus.Authorized, p.Status));
        await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(merchantId)).Count >= 11, "all eleven payments in the feed",
            TimeSpan.FromMinutes(2));
        Assert.Equal((11, 3100, 0), await fixture.FeedAsync(merchantId));

        var ids = new List<Guid>();
        foreach (var payment in payments)
            ids.Add(await fixture.ExpectedMessageIdAsync<PaymentAuthorized, PaymentAuthorizedIntegrationEvent>(payment.Id));
        Assert.All(await fixture.FeedInboxDeliveriesAsync(ids), d => Assert.True(d.Value >= 1));
        Assert.Equal(HealthStatus.Healthy, await HealthAsync(health, MessagingServices.PublisherHealthCheckName));
        await Eventually.HoldsAsync(async () => await PublisherHost.LagAsync(health) == 0, "the checkpoint catches up with the store");
        await Eventually.HoldsAsync(async () => await HealthAsync(health, MessagingServices.HealthCheckName) == HealthStatus.Healthy,
            "broker check healthy again");
    }

    [Fact]
    public async Task A_publisher_stopped_while_it_retries_against_a_stopped_broker_loses_nothing()
    {
        var (merchantId, terminalId) = await fixture.Ledger.MerchantWithTerminalAsync();
        var walletId = await fixture.Ledger.FundedWalletAsync(LedgerFixture.Eur(200));
        var payments = new List<Payment>();

        await using var link = BrokerLink();
        var publisher = await fixture.StartPublisherAsync(Through(link));
        try
        {
            link.Cut();
            for (var i = 0; i < 5; i++) payments.Add(await fixture.PayAsync(walletId, terminalId, 4m));
            var state = publisher.Services.GetRequiredService<PublisherState>();
            await Eventually.HoldsAsync(() => state.FailedAttempts >= 1, "the publisher is retrying");
            // Shutdown cancels the retry; the page it was publishing was never checkpointed.
            await publisher.DisposeAsync();
        }
        finally
        {
            link.Restore();
        }

        await using (await fixture.StartPublisherAsync(Through(link)))
            await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(merchantId)).Count >= 5, "all five payments in the feed",
                TimeSpan.FromMinutes(2));
        Assert.Equal((5, 2000, 0), await fixture.FeedAsync(merchantId));
        Assert.All(payments, p => Assert.Equal(PaymentStatus.Authorized, p.Status));
    }

    private static TcpOutage BrokerLink() => TcpOutage.Start(Broker.Uri.Host, Broker.Uri.Port);

    private MessagingOptions Through(TcpOutage link) =>
        fixture.Options with { RabbitMq = new UriBuilder(Broker.Uri) { Host = "127.0.0.1", Port = link.Port }.Uri };

    private static async Task<HealthStatus> HealthAsync(HealthCheckService health, string name) =>
        (await health.CheckHealthAsync(check => check.Name == name)).Entries[name].Status;
}
