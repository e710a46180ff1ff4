using Ledger.Domain.Payments;
using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;

namespace Ledger.Integration.Tests.Messaging;

/// <summary>
/// The publisher is a separate reader of the event store, so a process that dies between commit and
/// publish loses nothing: the events wait in PostgreSQL behind the subscription's checkpoint.
/// </summary>
[Collection(MessagingCollection.Name)]
public sealed class PublisherRestartTests(MessagingFixture fixture)
{
    [Fact]
    public async Task Payments_committed_while_the_publisher_is_stopped_are_delivered_after_restart_with_one_effect_each()
    {
        var (merchantId, terminalId) = await fixture.Ledger.MerchantWithTerminalAsync();
        var walletId = await fixture.Ledger.FundedWalletAsync(LedgerFixture.Eur(100));
        var payments = new List<Guid>();

        await using (await fixture.StartPublisherAsync())
        {
            for (var i = 0; i < 3; i++) payments.Add((await fixture.PayAsync(walletId, terminalId, 1m)).Id);
            await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(merchantId)).Count == 3, "first three payments in the feed");
        }

        // The publisher is down (daemon and bus stopped); the ledger goes on taking payments.
        for (var i = 0; i < 5; i++) payments.Add((await fixture.PayAsync(walletId, terminalId, 2m)).Id);
        Assert.Equal((3, 300, 0), await fixture.FeedAsync(merchantId));

        await using (await fixture.StartPublisherAsync())
            await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(merchantId)).Count == 8, "all eight payments in the feed");

        Assert.Equal((8, 1300, 0), await fixture.FeedAsync(merchantId));
        var ids = await ExpectedIdsAsync(payments);
        Assert.All(await fixture.FeedInboxDeliveriesAsync(ids), d => Assert.Equal(1, d.Value));
        Assert.All(ids, id => Assert.True(fixture.Recorder.CountOf(id) >= 1));
    }

    [Fact]
    public async Task Events_published_again_after_a_crash_before_the_checkpoint_keep_their_ids_and_have_no_second_effect()
    {
        var (merchantId, terminalId) = await fixture.Ledger.MerchantWithTerminalAsync();
        var walletId = await fixture.Ledger.FundedWalletAsync(LedgerFixture.Eur(100));
        var payments = new List<Guid>();

        await using (await fixture.StartPublisherAsync())
        {
            for (var i = 0; i < 4; i++) payments.Add((await fixture.PayAsync(walletId, terminalId, 5m)).Id);
            await Eventually.HoldsAsync(async () => (await fixture.FeedAsync(merchantId)).Count == 4, "four payments in the feed");
        }
        var ids = await ExpectedIdsAsync(payments);
        var recordedBefore = ids.ToDictionary(id => id, fixture.Recorder.CountOf);

        // As if the process had died after the broker confirmed these messages but before the daemon
        // stored its checkpoint: the next publisher starts from an older position and publishes again.
        var first = new List<long>();
        foreach (var payment in payments) first.Add(await fixture.SequenceOfAsync<PaymentAuthorized>(payment));
        await fixture.RewindPublisherCheckpointAsync(first.Min());
        await using (var publisher = await fixture.StartPublisherAsync())
        {
            await Eventually.HoldsAsync(async () => (await fixture.FeedInboxDeliveriesAsync(ids)).Values.All(d => d == 2),
                "every payment's message delivered a second time to the feed consumer");
            await Eventually.HoldsAsync(async () => await publisher.LagAsync() == 0, "the checkpoint moves past them again");
        }

        Assert.Equal((4, 2000, 0), await fixture.FeedAsync(merchantId));
        // The copies carried the same message ids: the recorder saw each id again.
        Assert.All(ids, id => Assert.True(fixture.Recorder.CountOf(id) > recordedBefore[id]));
    }

    private async Task<Guid[]> ExpectedIdsAsync(IEnumerable<Guid> payments)
    {
        var ids = new List<Guid>();
        foreach (var payment in payments)
            ids.Add(await fixture.ExpectedMessageIdAsync<PaymentAuthorized, PaymentAuthorizedIntegrationEvent>(payment));
        return ids.ToArray();
    }
}
