using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Integration.Tests.Messaging.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Integration.Tests.Messaging;

/// <summary>At-least-once delivery means copies; the inbox turns them into one effect.</summary>
[Collection(MessagingCollection.Name)]
public sealed class ConsumerInboxTests(MessagingFixture fixture)
{
    [Fact]
    public async Task The_same_message_delivered_twice_counts_once_in_the_settlement_feed()
    {
        await using var publisher = await fixture.StartPublisherAsync();
        var bus = publisher.Services.GetRequiredService<IBus>();
        var (message, messageId) = Authorization(amountMinor: 750);

        await PublishAsync(bus, message, messageId);
        await PublishAsync(bus, message, messageId);

        await Eventually.HoldsAsync(async () => (await fixture.FeedInboxDeliveriesAsync([messageId]))[messageId] == 2,
            "both copies reached the feed consumer");
        Assert.Equal((1, 750, 0), await fixture.FeedAsync(message.MerchantId));
    }

    [Fact]
    public async Task Concurrent_copies_of_one_message_count_once()
    {
        await using var publisher = await fixture.StartPublisherAsync();
        var bus = publisher.Services.GetRequiredService<IBus>();
        var (message, messageId) = Authorization(amountMinor: 199);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PublishAsync(bus, message, messageId)));

        await Eventually.HoldsAsync(async () => (await fixture.FeedInboxDeliveriesAsync([messageId]))[messageId] == 10,
            "all ten copies reached the feed consumer");
        Assert.Equal((1, 199, 0), await fixture.FeedAsync(message.MerchantId));
    }

    [Fact]
    public async Task Different_messages_for_one_merchant_each_count()
    {
        await using var publisher = await fixture.StartPublisherAsync();
        var bus = publisher.Services.GetRequiredService<IBus>();
        var (first, firstId) = Authorization(amountMinor: 100);
        var (second, secondId) = Authorization(amountMinor: 250, merchantId: first.MerchantId);

        await PublishAsync(bus, first, firstId);
        await PublishAsync(bus, second, secondId);

        await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(first.MerchantId)).Count == 2, "both payments in the feed");
        Assert.Equal((2, 350, 0), await fixture.FeedAsync(first.MerchantId));
    }

    private static (PaymentAuthorizedIntegrationEvent Message, Guid MessageId) Authorization(long amountMinor, Guid? merchantId = null) =>
        (new PaymentAuthorizedIntegrationEvent(Guid.NewGuid(), Guid.NewGuid(), merchantId ?? Guid.NewGuid(), Guid.NewGuid(),
            amountMinor, "EUR", Guid.NewGuid(), 1, DateTimeOffset.UtcNow), Guid.NewGuid());

    private static Task PublishAsync(IBus bus, PaymentAuthorizedIntegrationEvent message, Guid messageId) =>
        bus.Publish(message, context => context.MessageId = messageId);
}
