using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Audit.Replay;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Integration.Tests.Audit;

public sealed class ReplayTests
{
    [Fact]
    public async Task A_wallet_as_of_each_version_and_time_is_what_the_ledger_held_then()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var walletId = story.WalletIds[0];
        var store = ledger.Services.GetRequiredService<IDocumentStore>();
        var replay = new PointInTime(store);
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(walletId);

        for (var version = 1; version <= events.Count; version++)
        {
            var replayed = await replay.ReplayAsync("wallet", walletId, new AsOf(null, version), default);
            Assert.Equal(WalletEvolution.Fold(events.Take(version).Select(e => e.Data)), replayed.State);
            Assert.Equal(version, replayed.Version);
        }
        var atTopUp = events.Single(e => e.Data is WalletToppedUp);
        var asOfTime = await replay.ReplayAsync("wallet", walletId, new AsOf(atTopUp.Timestamp, null), default);
        Assert.Equal(LedgerFixture.Eur(120), ((Wallet)asOfTime.State!).Balance);
        Assert.Equal(0, asOfTime.UsedToday!.AmountMinor);
        var live = await session.LoadAsync<Wallet>(walletId);
        Assert.Equal(live, (await replay.ReplayAsync("wallet", walletId, AsOf.Now, default)).State);
    }
}
