using Ledger.Domain;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Integration.Tests.Support;
using Marten;

namespace Ledger.Integration.Tests.Payments;

/// <summary>Concurrent payments against one wallet: each command committing alone, and with group commit.</summary>
public abstract class ConcurrentPaymentsTestsContract(LedgerFixture fixture)
{
    [Fact]
    public async Task Fifty_concurrent_payments_against_a_wallet_covering_ten_authorize_exactly_ten()
    {
        var (_, terminalId) = await fixture.MerchantWithTerminalAsync();
        var limits = new WalletLimits(LedgerFixture.Eur(100), LedgerFixture.Eur(10_000), 1000);
        var walletId = await fixture.FundedWalletAsync(LedgerFixture.Eur(100), limits);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            var ctx = LedgerFixture.Context();
            return (await fixture.Payments.AuthorizeAsync(
                new AuthorizePayment(ctx.IdFor("payment"), walletId, terminalId, LedgerFixture.Eur(10), ctx.Now), ctx, default)).Outcome;
        })));

        Assert.Equal(10, results.Count(p => p.Status == PaymentStatus.Authorized));
        Assert.Equal(40, results.Count(p => p.Status == PaymentStatus.Declined));
        Assert.All(results.Where(p => p.Status == PaymentStatus.Declined),
            p => Assert.Equal(DeclineReason.InsufficientFunds, p.DeclineReason));

        await using var session = fixture.Store.QuerySession();
        var wallet = await session.LoadAsync<Wallet>(walletId);
        Assert.Equal(0, wallet!.Balance.Minor);

        var events = await session.Events.FetchStreamAsync(walletId);
        var debits = events.Select(e => e.Data).OfType<WalletDebited>().ToList();
        Assert.Equal(10, debits.Count);
        Assert.Equal(10, debits.Select(d => d.PaymentId).Distinct().Count());
        Assert.Equal(Enumerable.Range(1, events.Count).Select(v => (long)v), events.Select(e => e.Version));

        // The balance never went negative: replaying the stream, every intermediate balance is >= 0.
        Wallet? state = null;
        foreach (var e in events)
        {
            state = WalletEvolution.Evolve(state, e.Data);
            Assert.False(state!.Balance.IsNegative);
        }

        var payments = await session.Query<Payment>().Where(p => p.WalletId == walletId).ToListAsync();
        Assert.Equal(50, payments.Count);
        Assert.Equal(results.Select(r => r.Id).OrderBy(x => x), payments.Select(p => p.Id).OrderBy(x => x));
    }
}

[Collection(LedgerCollection.Name)]
public sealed class ConcurrentPaymentsTests(LedgerFixture fixture) : ConcurrentPaymentsTestsContract(fixture);

[Collection(GroupCommitCollection.Name)]
public sealed class ConcurrentPaymentsTestsWithGroupCommit(GroupCommitLedgerFixture fixture) : ConcurrentPaymentsTestsContract(fixture);
