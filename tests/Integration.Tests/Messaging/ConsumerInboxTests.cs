using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Infrastructure.Messaging.Inbox;
using Ledger.Integration.Tests.Messaging.Support;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Integration.Tests.Messaging;

/// <summary>At-least-once delivery means copies; the inbox turns them into one effect.</summary>
[Collection(MessagingCollection.Name)]
public sealed class ConsumerInboxTests(MessagingFixture fixture)
{
    [Fact]
    public async Task The_same_message_delivered_again_after_it_was_applied_counts_once_in_the_settlement_feed()
    {
        await using var publisher = await fixture.StartPublisherAsync();
        var bus = publisher.Services.GetRequiredService<IBus>();
        var (message, messageId) = Authorization(amountMinor: 750);

        await PublishAsync(bus, message, messageId);
        await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(message.MerchantId)).Count == 1, "the first copy applied");
        await PublishAsync(bus, message, messageId);

        await Eventually.HoldsAsync(async () => (await fixture.FeedInboxDeliveriesAsync([messageId]))[messageId] == 2,
            "the second copy reached the feed consumer in a batch of its own");
        Assert.Equal((1, 750, 0), await fixture.FeedAsync(message.MerchantId));
    }

    [Fact]
    public async Task Concurrent_copies_of_one_message_count_once()
    {
        await using var publisher = await fixture.StartPublisherAsync();
        var bus = publisher.Services.GetRequiredService<IBus>();
        var (message, messageId) = Authorization(amountMinor: 199);
        var (after, afterId) = Authorization(amountMinor: 1);

        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => PublishAsync(bus, message, messageId)));
        // Copies in one batch are one message to MassTransit, so the inbox may see fewer than ten. A message queued
        // behind all of them is handled in their batch or a later one, and batches run one at a time.
        await PublishAsync(bus, after, afterId);

        await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(after.MerchantId)).Count == 1, "the message behind the copies applied");
        Assert.Equal((1, 199, 0), await fixture.FeedAsync(message.MerchantId));
        Assert.InRange((await fixture.FeedInboxDeliveriesAsync([messageId]))[messageId], 1, 10);
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

    [Fact]
    public async Task Many_payments_and_refunds_for_a_few_merchants_with_copies_among_them_add_up_exactly()
    {
        await using var publisher = await fixture.StartPublisherAsync();
        var bus = publisher.Services.GetRequiredService<IBus>();
        var merchants = new[] { Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid() };
        var payments = Enumerable.Range(0, 150).Select(i => Authorization(amountMinor: 100 + i, merchantId: merchants[i % 3])).ToArray();
        var refunds = payments.Take(30).Select(p => (Message: Refund(p.Message, amountMinor: 7), MessageId: Guid.NewGuid())).ToArray();

        // Every tenth message is delivered twice; all of them at once, so batches hold many merchants' rows and copies.
        await Task.WhenAll(payments.Concat(payments.Where((_, i) => i % 10 == 0)).Select(p => PublishAsync(bus, p.Message, p.MessageId))
            .Concat(refunds.Select(r => bus.Publish(r.Message, context => context.MessageId = r.MessageId))));

        var expected = merchants.Select(m => (
            Count: (long)payments.Count(p => p.Message.MerchantId == m),
            Authorized: payments.Where(p => p.Message.MerchantId == m).Sum(p => p.Message.AmountMinor),
            Refunded: refunds.Where(r => r.Message.MerchantId == m).Sum(r => r.Message.AmountMinor))).ToArray();
        await Eventually.HoldsAsync(async () =>
        {
            var deliveries = await fixture.FeedInboxDeliveriesAsync(refunds.Select(r => r.MessageId));
            return deliveries.Values.All(d => d == 1) && (await fixture.FeedAsync(merchants[0])).Count == expected[0].Count
                && (await fixture.FeedAsync(merchants[1])).Count == expected[1].Count && (await fixture.FeedAsync(merchants[2])).Count == expected[2].Count;
        }, "every payment and refund in the feed");
        for (var i = 0; i < merchants.Length; i++)
            Assert.Equal(expected[i], await fixture.FeedAsync(merchants[i]));
        // A copy in the same batch as its original is folded into it by MassTransit; one in a later batch is counted here.
        var copies = await fixture.FeedInboxDeliveriesAsync(payments.Where((_, i) => i % 10 == 0).Select(p => p.MessageId));
        Assert.All(copies.Values, d => Assert.InRange(d, 1, 2));
    }

    [Fact]
    public async Task A_batch_runs_its_effect_once_for_the_messages_it_sees_for_the_first_time()
    {
        await using var publisher = await fixture.StartPublisherAsync();
        var inbox = publisher.Services.GetRequiredService<ConsumerInbox>();
        var (handled, fresh, other) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var consumer = $"test-{Guid.NewGuid():N}";
        await inbox.HandleOnceAsync(consumer, [new(handled, "t")], (_, _, _, _) => Task.CompletedTask, default);

        IReadOnlySet<Guid>? seen = null;
        var ran = await inbox.HandleOnceAsync(consumer, [new(fresh, "t"), new(handled, "t"), new(fresh, "t"), new(other, "t")],
            (_, _, firstTime, _) => { seen = firstTime; return Task.CompletedTask; }, default);

        Assert.Equal(new HashSet<Guid> { fresh, other }, ran.ToHashSet());
        Assert.Equal(ran, seen);
        Assert.Equal(new Dictionary<Guid, int> { [handled] = 2, [fresh] = 2, [other] = 1 }, await fixture.InboxDeliveriesAsync(consumer, [handled, fresh, other]));
    }

    [Fact]
    public async Task A_batch_whose_effect_fails_leaves_no_trace_and_its_retry_runs_the_effect()
    {
        await using var publisher = await fixture.StartPublisherAsync();
        var inbox = publisher.Services.GetRequiredService<ConsumerInbox>();
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var consumer = $"test-{Guid.NewGuid():N}";

        await Assert.ThrowsAsync<InvalidOperationException>(() => inbox.HandleOnceAsync(consumer, [new(first, "t"), new(second, "t")],
            (_, _, _, _) => throw new InvalidOperationException("the effect failed"), default));
        Assert.Equal(new Dictionary<Guid, int> { [first] = 0, [second] = 0 }, await fixture.InboxDeliveriesAsync(consumer, [first, second]));

        var ran = await inbox.HandleOnceAsync(consumer, [new(first, "t"), new(second, "t")], (_, _, _, _) => Task.CompletedTask, default);
        Assert.Equal(new HashSet<Guid> { first, second }, ran.ToHashSet());
    }

    private static PaymentRefundedIntegrationEvent Refund(PaymentAuthorizedIntegrationEvent payment, long amountMinor) =>
        new(payment.PaymentId, Guid.NewGuid(), payment.WalletId, payment.MerchantId, amountMinor, amountMinor, payment.Currency,
            Guid.NewGuid(), 2, DateTimeOffset.UtcNow);

    private static (PaymentAuthorizedIntegrationEvent Message, Guid MessageId) Authorization(long amountMinor, Guid? merchantId = null) =>
        (new PaymentAuthorizedIntegrationEvent(Guid.NewGuid(), Guid.NewGuid(), merchantId ?? Guid.NewGuid(), Guid.NewGuid(),
            amountMinor, "EUR", Guid.NewGuid(), 1, DateTimeOffset.UtcNow), Guid.NewGuid());

    private static Task PublishAsync(IBus bus, PaymentAuthorizedIntegrationEvent message, Guid messageId) =>
        bus.Publish(message, context => context.MessageId = messageId);
}
