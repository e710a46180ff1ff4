using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;

namespace Ledger.Integration.Tests.Messaging;

/// <summary>The single-machine default: no broker configured, the same publisher and consumers on MassTransit's in-memory bus.</summary>
[Collection(MessagingCollection.Name)]
public sealed class InMemoryTransportTests(MessagingFixture fixture)
{
    [Fact]
    public async Task Without_a_broker_the_in_memory_bus_carries_payments_to_the_settlement_feed()
    {
        var (merchantId, terminalId) = await fixture.Ledger.MerchantWithTerminalAsync();
        var walletId = await fixture.Ledger.FundedWalletAsync(LedgerFixture.Eur(100));

        await using var publisher = await fixture.StartPublisherAsync(fixture.Options with { RabbitMq = null });
        await fixture.PayAsync(walletId, terminalId, 7m);
        await fixture.PayAsync(walletId, terminalId, 8m);

        await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(merchantId)).Count == 2, "both payments in the feed");
        Assert.Equal((2, 1500, 0), await fixture.FeedAsync(merchantId));
    }
}
