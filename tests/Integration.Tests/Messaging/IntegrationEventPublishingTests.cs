using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Messaging.Contracts;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;

namespace Ledger.Integration.Tests.Messaging;

[Collection(MessagingCollection.Name)]
public sealed class IntegrationEventPublishingTests(MessagingFixture fixture)
{
    [Fact]
    public async Task Committed_events_arrive_as_integration_events_with_message_ids_derived_from_the_event_ids()
    {
        await using var publisher = await fixture.StartPublisherAsync();
        var ledger = fixture.Ledger;
        var (merchantId, terminalId) = await ledger.MerchantWithTerminalAsync();
        var walletId = await ledger.FundedWalletAsync(LedgerFixture.Eur(50));

        var authorized = (await fixture.PayAsync(walletId, terminalId, 12.90m)).Id;
        var declined = (await fixture.PayAsync(walletId, terminalId, 100m)).Id;
        var ctx = LedgerFixture.Context();
        await ledger.Payments.RefundAsync(new RefundPayment(authorized, Guid.NewGuid(), LedgerFixture.Eur(2.90m), "damaged", ctx.Now), ctx, default);
        ctx = LedgerFixture.Context();
        await ledger.Wallets.HandleAsync(new FreezeWallet(walletId, "card reported stolen", ctx.Now), ctx, default);

        var expected = new[]
        {
            await fixture.ExpectedMessageIdAsync<PaymentAuthorized, PaymentAuthorizedIntegrationEvent>(authorized),
            await fixture.ExpectedMessageIdAsync<PaymentDeclined, PaymentDeclinedIntegrationEvent>(declined),
            await fixture.ExpectedMessageIdAsync<PaymentRefunded, PaymentRefundedIntegrationEvent>(authorized),
            await fixture.ExpectedMessageIdAsync<WalletFrozen, WalletFrozenIntegrationEvent>(walletId),
        };
        await Eventually.HoldsAsync(() => expected.All(id => fixture.Recorder.CountOf(id) > 0),
            "all four integration events recorded under their derived message ids");

        var byId = fixture.Recorder.Deliveries.Where(d => expected.Contains(d.MessageId))
            .GroupBy(d => d.MessageId).ToDictionary(g => g.Key, g => g.First().Message);
        var auth = Assert.IsType<PaymentAuthorizedIntegrationEvent>(byId[expected[0]]);
        Assert.Equal((authorized, walletId, merchantId, terminalId, 1290L, "EUR"),
            (auth.PaymentId, auth.WalletId, auth.MerchantId, auth.TerminalId, auth.AmountMinor, auth.Currency));
        var decline = Assert.IsType<PaymentDeclinedIntegrationEvent>(byId[expected[1]]);
        Assert.Equal((declined, 10000L, nameof(DeclineReason.InsufficientFunds)), (decline.PaymentId, decline.AmountMinor, decline.Reason));
        var refund = Assert.IsType<PaymentRefundedIntegrationEvent>(byId[expected[2]]);
        Assert.Equal((authorized, 290L, 290L), (refund.PaymentId, refund.AmountMinor, refund.RefundedTotalMinor));
        var frozen = Assert.IsType<WalletFrozenIntegrationEvent>(byId[expected[3]]);
        Assert.Equal((walletId, "card reported stolen"), (frozen.WalletId, frozen.Reason));
        // Stored events in order: their global sequences travel with the messages.
        Assert.True(auth.SourceSequence < decline.SourceSequence && decline.SourceSequence < refund.SourceSequence
            && refund.SourceSequence < frozen.SourceSequence);

        // The settlement feed consumer saw the authorization and the refund, the decline changes nothing.
        await Eventually.HoldsAsync(async () => await fixture.FeedAsync(merchantId) == (1, 1290, 290),
            "settlement feed shows one authorization of 12.90 and a refund of 2.90");
    }
}
