using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Fraud;
using Ledger.Integration.Tests.Messaging.Support;
using Ledger.Integration.Tests.Support;
using Marten;

namespace Ledger.Integration.Tests.Fraud;

public sealed class FraudRebuildTests
{
    private static readonly string[] Views = ["mt_doc_terminalfraudview", "mt_doc_walletfraudview", "mt_doc_fraudalertview"];

    [Fact]
    public async Task Rebuilding_the_views_and_replaying_rules_and_policy_from_the_first_event_gives_the_same_views_and_no_second_alert_or_freeze()
    {
        await using var fraud = await FraudLedger.CreateAsync();
        var (merchantId, berlin) = await fraud.Ledger.MerchantWithTerminalAsync();
        var paris = await fraud.TerminalAtAsync(merchantId, FraudLedger.Paris);
        var walletId = await fraud.Ledger.FundedWalletAsync(LedgerFixture.Eur(100m));
        var start = DateTimeOffset.UtcNow;
        for (var n = 0; n < 6; n++)
            await fraud.FailedFaceAsync(merchantId, paris, start.AddSeconds(5 * n));
        await fraud.PayAsync(walletId, berlin, start);
        await fraud.PayAsync(walletId, paris, start.AddMinutes(10));
        var lastSource = await fraud.ScalarAsync("select max(seq_id) from ledger.mt_events");

        await using (var daemon = new HostHandle(await fraud.StartDaemonAsync()))
        {
            await Eventually.HoldsAsync(async () => (await fraud.LoadAsync<Wallet>(walletId))?.Status == WalletStatus.Frozen
                && (await fraud.LoadAsync<Terminal>(paris))?.Status == TerminalStatus.Suspended, "wallet frozen, terminal suspended");
            await CaughtUpAsync(fraud, lastSource);
        }
        var before = await StateAsync(fraud);
        Assert.Equal(2, before.Alerts);
        Assert.Equal((1L, 1L), (before.Freezes, before.Suspensions));

        using (var rebuild = await fraud.Ledger.Store.BuildProjectionDaemonAsync())
        {
            await rebuild.RebuildProjectionAsync<TerminalFraudView>(CancellationToken.None);
            await rebuild.RebuildProjectionAsync<WalletFraudView>(CancellationToken.None);
            await rebuild.RebuildProjectionAsync<FraudAlertView>(CancellationToken.None);
        }
        // The rule runner and the policy start again from the first event, the runner with no memory at all.
        await fraud.ExecuteAsync($"delete from ledger.mt_event_progression where name like '{FraudRuleRunner.SubscriptionName}%' or name like '{FraudPolicyReactor.SubscriptionName}%'");
        await fraud.ExecuteAsync("delete from ledger.mt_doc_fraudrulestate");
        await using (var daemon = new HostHandle(await fraud.StartDaemonAsync()))
            await CaughtUpAsync(fraud, lastSource);

        var after = await StateAsync(fraud);
        Assert.Equal(before, after);
        Assert.Equal(3, await fraud.ScalarAsync("select count(*) from ledger.mt_doc_fraudrulestate"));
    }

    private static async Task CaughtUpAsync(FraudLedger fraud, long lastSource)
    {
        await fraud.CaughtUpAsync(FraudRuleRunner.SubscriptionName, lastSource);
        var lastAlert = await fraud.ScalarAsync("select max(seq_id) from ledger.mt_events where type = 'fraud_alert_raised.v1'");
        await fraud.CaughtUpAsync(FraudPolicyReactor.SubscriptionName, lastAlert);
        foreach (var view in new[] { "TerminalFraudView", "WalletFraudView", "FraudAlertView" })
            await fraud.CaughtUpAsync(view, lastAlert);
    }

    private static async Task<FraudState> StateAsync(FraudLedger fraud) => new(
        await fraud.RowsAsync(Views[0]), await fraud.RowsAsync(Views[1]), await fraud.RowsAsync(Views[2]),
        await fraud.ScalarAsync("select count(*) from ledger.mt_events where type = 'fraud_alert_raised.v1'"),
        await fraud.ScalarAsync("select count(*) from ledger.mt_events where type = 'wallet_frozen.v1'"),
        await fraud.ScalarAsync("select count(*) from ledger.mt_events where type = 'terminal_suspended.v1'"));

    private sealed record FraudState(string Terminals, string Wallets, string AlertList, long Alerts, long Freezes, long Suspensions);

    private sealed class HostHandle(Microsoft.Extensions.Hosting.IHost host) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await host.StopAsync();
            host.Dispose();
        }
    }
}
