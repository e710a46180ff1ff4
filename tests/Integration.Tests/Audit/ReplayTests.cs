using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Audit.Replay;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace Ledger.Integration.Tests.Audit;

public sealed class ReplayTests
{
    [Fact]
    public async Task Each_step_of_a_page_is_the_state_before_and_after_its_event_whatever_page_is_asked_for()
    {
        await using var ledger = await AuditedLedger.CreateAsync();
        var story = await ledger.RunStoryAsync();
        var walletId = story.WalletIds[0];
        var store = ledger.Services.GetRequiredService<IDocumentStore>();
        await using var session = store.QuerySession();
        var events = await session.Events.FetchStreamAsync(walletId);
        Assert.True(events.Count >= 3, "the story gives the wallet several events");

        for (var after = 0; after < events.Count; after++)
        {
            var last = Math.Min(events.Count, after + 2);
            var steps = await new PointInTime(store).StepsAsync("wallet", walletId, after, last, default);
            Assert.Equal(Enumerable.Range(after + 1, last - after).Select(v => (long)v), steps.Keys.Order());
            foreach (var (version, (before, then)) in steps)
            {
                Assert.Equal(version == 1 ? null : WalletEvolution.Fold(events.Take((int)version - 1).Select(e => e.Data)), before);
                Assert.Equal(WalletEvolution.Fold(events.Take((int)version).Select(e => e.Data)), then);
            }
        }
        await Assert.ThrowsAsync<ArgumentException>(() => new PointInTime(store).StepsAsync("ledger", walletId, 0, 1, default));
    }

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
