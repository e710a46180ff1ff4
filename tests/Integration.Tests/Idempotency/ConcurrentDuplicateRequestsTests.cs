using Ledger.Domain.Application;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Integration.Tests.Support;
using Marten;

namespace Ledger.Integration.Tests.Idempotency;

/// <summary>Concurrent requests under one idempotency key: each command committing alone, and with group commit.</summary>
public abstract class ConcurrentDuplicateRequestsTestsContract(LedgerFixture fixture)
{
    [Fact]
    public async Task Twenty_concurrent_requests_with_one_key_make_one_payment_and_twenty_identical_answers()
    {
        var (_, terminalId) = await fixture.MerchantWithTerminalAsync();
        var walletId = await fixture.FundedWalletAsync(LedgerFixture.Eur(50));
        var key = Guid.NewGuid().ToString("N");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            var ctx = LedgerFixture.Context(key);
            return await fixture.Payments.AuthorizeAsync(
                new AuthorizePayment(ctx.IdFor("payment"), walletId, terminalId, LedgerFixture.Eur(12.5m), ctx.Now), ctx, default);
        })));

        var first = results.Single(r => !r.Replayed).Outcome;
        Assert.All(results, r => Assert.Equal(first, r.Outcome));
        Assert.Equal(PaymentStatus.Authorized, first.Status);

        await using var session = fixture.Store.QuerySession();
        Assert.Equal(1, await session.Query<Payment>().CountAsync(p => p.WalletId == walletId));
        Assert.Single(await session.Events.FetchStreamAsync(first.Id));
        var walletEvents = await session.Events.FetchStreamAsync(walletId);
        Assert.Single(walletEvents.Select(e => e.Data).OfType<WalletDebited>());
        Assert.Equal(LedgerFixture.Eur(37.5m), (await session.LoadAsync<Wallet>(walletId))!.Balance);
    }

    [Fact]
    public async Task The_same_key_with_a_different_payload_is_a_conflict_and_writes_nothing()
    {
        var (_, terminalId) = await fixture.MerchantWithTerminalAsync();
        var walletId = await fixture.FundedWalletAsync(LedgerFixture.Eur(50));
        var ctx = LedgerFixture.Context();
        await fixture.Payments.AuthorizeAsync(
            new AuthorizePayment(ctx.IdFor("payment"), walletId, terminalId, LedgerFixture.Eur(10), ctx.Now), ctx, default);

        await Assert.ThrowsAsync<IdempotencyConflict>(() => fixture.Payments.AuthorizeAsync(
            new AuthorizePayment(ctx.IdFor("payment"), walletId, terminalId, LedgerFixture.Eur(11), ctx.Now), ctx, default));

        await using var session = fixture.Store.QuerySession();
        Assert.Equal(1, await session.Query<Payment>().CountAsync(p => p.WalletId == walletId));
        Assert.Equal(LedgerFixture.Eur(40), (await session.LoadAsync<Wallet>(walletId))!.Balance);
    }
}

[Collection(LedgerCollection.Name)]
public sealed class ConcurrentDuplicateRequestsTests(LedgerFixture fixture) : ConcurrentDuplicateRequestsTestsContract(fixture);

[Collection(GroupCommitCollection.Name)]
public sealed class ConcurrentDuplicateRequestsTestsWithGroupCommit(GroupCommitLedgerFixture fixture) : ConcurrentDuplicateRequestsTestsContract(fixture);
