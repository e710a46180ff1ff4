using Ledger.Domain.Fraud;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.EventStore;
using Ledger.Infrastructure.Fraud;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;

namespace Ledger.Integration.Tests.Fraud;

public sealed class ImpossibleTravelTests
{
    [Fact]
    public async Task One_wallet_paying_in_Berlin_then_in_Paris_ten_minutes_later_raises_a_high_alert_and_the_wallet_is_frozen()
    {
        await using var fraud = await FraudLedger.CreateAsync();
        var (merchantId, berlin) = await fraud.Ledger.MerchantWithTerminalAsync();
        var paris = await fraud.TerminalAtAsync(merchantId, FraudLedger.Paris);
        var walletId = await fraud.Ledger.FundedWalletAsync(LedgerFixture.Eur(100m));
        var start = DateTimeOffset.UtcNow;
        var inBerlin = await fraud.PayAsync(walletId, berlin, start);
        var inParis = await fraud.PayAsync(walletId, paris, start.AddMinutes(10));

        using var daemon = await fraud.StartDaemonAsync();
        await Eventually.HoldsAsync(async () => (await fraud.LoadAsync<Wallet>(walletId))?.Status == WalletStatus.Frozen,
            "wallet frozen");

        var alert = Assert.Single(await fraud.AlertsAsync());
        var raised = Assert.IsType<FraudAlertRaised>(alert.Data);
        Assert.Equal((FraudRuleNames.CustomerImpossibleTravel, FraudSeverity.High), (raised.Rule, raised.Severity));
        Assert.Equal(FraudSubject.Wallet(walletId), raised.Subject);
        Assert.Equal([inBerlin, inParis], raised.Evidence.EventIds);
        Assert.InRange(raised.Evidence.DistanceKm!.Value, 870, 885);
        Assert.InRange(raised.Evidence.SpeedKmh!.Value, 5000, 5500);

        var frozen = (await fraud.EventsOfAsync(walletId)).Single(e => e.Data is WalletFrozen);
        Assert.Equal(alert.Id.ToString(), frozen.CausationId);
        Assert.Equal("system:fraud-policy", frozen.Headers![EventHeaders.Actor]?.ToString());

        await Eventually.HoldsAsync(async () => (await fraud.LoadAsync<WalletFraudView>(walletId))?.Activity.HighAlerts == 1,
            "wallet view shows the alert");
        Assert.Equal(2, (await fraud.LoadAsync<WalletFraudView>(walletId))!.Activity.Authorized);
    }

    [Fact]
    public async Task Berlin_then_Paris_two_hours_later_is_possible_and_the_wallet_stays_active()
    {
        await using var fraud = await FraudLedger.CreateAsync();
        var (merchantId, berlin) = await fraud.Ledger.MerchantWithTerminalAsync();
        var paris = await fraud.TerminalAtAsync(merchantId, FraudLedger.Paris);
        var walletId = await fraud.Ledger.FundedWalletAsync(LedgerFixture.Eur(100m));
        var start = DateTimeOffset.UtcNow.AddHours(-3);
        await fraud.PayAsync(walletId, berlin, start);
        await fraud.PayAsync(walletId, paris, start.AddHours(2));
        var lastSequence = await fraud.ScalarAsync("select max(seq_id) from ledger.mt_events");

        using var daemon = await fraud.StartDaemonAsync();
        await fraud.CaughtUpAsync(FraudRuleRunner.SubscriptionName, lastSequence);

        Assert.Empty(await fraud.AlertsAsync());
        Assert.Equal(WalletStatus.Active, (await fraud.LoadAsync<Wallet>(walletId))!.Status);
    }
}
