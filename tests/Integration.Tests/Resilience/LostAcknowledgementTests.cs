using Ledger.Domain.Application;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Resilience;
using Ledger.Integration.Tests.Support;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Ledger.Integration.Tests.Resilience;

/// <summary>
/// Why retrying a command on a transient error is safe: the connection can die after PostgreSQL committed
/// but before the answer arrived. The retry then finds the idempotency record and answers from it. With group commit too:
/// a shared commit whose outcome is unknown answers every command in it with the error, and their retries land once.
/// </summary>
public abstract class LostAcknowledgementTestsContract(LedgerFixture fixture)
{
    [Fact]
    public async Task A_commit_whose_answer_is_lost_is_answered_from_the_idempotency_record_and_not_written_twice()
    {
        var walletId = await fixture.FundedWalletAsync(LedgerFixture.Eur(10));
        var lostOnce = new AnswerLostAfterFirstCommit(new PollyCommandRetry());
        var wallets = new WalletUseCases(new CommandExecutor(fixture.Services.GetRequiredService<ILedgerStore>(), lostOnce));
        var ctx = LedgerFixture.Context();

        var result = await wallets.HandleAsync(new TopUpWallet(walletId, ctx.IdFor("top-up"), LedgerFixture.Eur(5), "acq", ctx.Now), ctx, default);

        Assert.Equal(2, lostOnce.Runs);
        Assert.True(result.Replayed);
        Assert.Equal(LedgerFixture.Eur(15), result.Outcome.Balance);
        await using var session = fixture.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(walletId);
        Assert.Equal(2, events.Count(e => e.Data is WalletToppedUp));
        Assert.Equal(LedgerFixture.Eur(15), (await session.LoadAsync<Wallet>(walletId))!.Balance);
    }

    /// <summary>Lets the first run commit, then fails it the way a connection reset while reading the answer does.</summary>
    private sealed class AnswerLostAfterFirstCommit(ICommandRetry inner) : ICommandRetry
    {
        private int _runs;

        public int Runs => _runs;

        public Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken ct) =>
            inner.ExecuteAsync(async token =>
            {
                var outcome = await attempt(token);
                if (Interlocked.Increment(ref _runs) == 1)
                    throw new NpgsqlException("Exception while reading from stream", new EndOfStreamException());
                return outcome;
            }, ct);
    }
}

[Collection(LedgerCollection.Name)]
public sealed class LostAcknowledgementTests(LedgerFixture fixture) : LostAcknowledgementTestsContract(fixture);

[Collection(GroupCommitCollection.Name)]
public sealed class LostAcknowledgementTestsWithGroupCommit(GroupCommitLedgerFixture fixture) : LostAcknowledgementTestsContract(fixture);
