using Ledger.Infrastructure.Messaging.Consumers;
using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Integration.Tests.Messaging;

/// <summary>
/// The database goes away under a running publisher and consumer. A message that arrives meanwhile
/// waits on the broker and is applied once the database is back; the publishing subscription resumes
/// by itself, without a restart.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class DatabaseOutageTests(MessagingFixture fixture)
{
    [Fact]
    public async Task After_a_database_outage_the_consumer_applies_what_arrived_meanwhile_and_publishing_resumes_without_restart()
    {
        var (merchantId, terminalId) = await fixture.Ledger.MerchantWithTerminalAsync();
        var walletId = await fixture.Ledger.FundedWalletAsync(LedgerFixture.Eur(100));
        await using var publisher = await fixture.StartPublisherAsync();
        await fixture.PayAsync(walletId, terminalId, 1m);
        await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(merchantId)).Count == 1, "the first payment in the feed");

        var during = new PaymentAuthorizedIntegrationEvent(Guid.NewGuid(), walletId, merchantId, terminalId, 500, "EUR",
            Guid.NewGuid(), 0, DateTimeOffset.UtcNow);
        var retries = publisher.Services.GetRequiredService<ConsumerRetries>();
        var faultsBefore = retries.Faults;
        await using (await fixture.DatabaseOutageAsync())
        {
            await publisher.Services.GetRequiredService<IBus>().Publish(during, c => c.MessageId = Guid.NewGuid());
            // The outage must have bitten before it ends: the consumer failed against the missing database
            // and is retrying in place, with the message still unacknowledged on the broker.
            await Eventually.HoldsAsync(() => retries.Faults > faultsBefore, "the feed consumer failed and retries");
        }

        await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(merchantId)).Count == 2,
            "the message that arrived during the outage is in the feed", TimeSpan.FromMinutes(2));

        await fixture.PayAsync(walletId, terminalId, 2m);
        await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(merchantId)).Count == 3,
            "a payment after the outage is published by the same, never restarted, publisher", TimeSpan.FromMinutes(2));
        Assert.Equal((3, 800, 0), await fixture.FeedAsync(merchantId));
    }
}
