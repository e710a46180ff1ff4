using CsCheck;
using Ledger.Domain;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Integration.Tests.Support;
using Marten;

namespace Ledger.Integration.Tests.Journal;

/// <summary>Money is neither created nor destroyed, whatever mix of operations runs: each command committing alone, and with group commit.</summary>
public abstract class ConservationTestsContract(LedgerFixture fixture)
{
    private enum Op { TopUp, Pay, Refund, PayOut }

    private static readonly Gen<(Op Op, int Wallet, int Terminal, long Minor, int Pick)[]> Runs =
        Gen.Select(Gen.Enum<Op>(), Gen.Int[0, 3], Gen.Int[0, 1], Gen.Long[1, 9_000], Gen.Int[0, 1000]).Array[20, 60];

    [Fact]
    public async Task Every_entry_balances_and_balances_equal_funding_minus_payouts_after_random_runs()
    {
        await Runs.SampleAsync(async run =>
        {
            var terminals = new[] { (await fixture.MerchantWithTerminalAsync("A")).TerminalId, (await fixture.MerchantWithTerminalAsync("B")).TerminalId };
            var limits = new WalletLimits(LedgerFixture.Eur(100), LedgerFixture.Eur(1000), 1000);
            var wallets = new List<Guid>();
            for (var i = 0; i < 4; i++) wallets.Add(await fixture.FundedWalletAsync(LedgerFixture.Eur(0), limits));
            var authorized = new List<Payment>();
            var accepted = new Dictionary<Op, int>();

            // Every run moves money for sure: each wallet is funded and pays once before the random steps, so a
            // ledger that refused everything could not pass.
            foreach (var walletId in wallets)
            {
                Assert.True(await ApplyAsync(Op.TopUp, walletId, terminals[0], LedgerFixture.Eur(500), 0, authorized));
                Assert.True(await ApplyAsync(Op.Pay, walletId, terminals[1], LedgerFixture.Eur(1), 0, authorized));
            }
            Assert.Equal(wallets.Count, authorized.Count);

            foreach (var step in run)
                if (await ApplyAsync(step.Op, wallets[step.Wallet], terminals[step.Terminal], new Money(step.Minor, Currency.Of("EUR")), step.Pick, authorized))
                    accepted[step.Op] = accepted.GetValueOrDefault(step.Op) + 1;

            // Top-ups have no limit that these amounts reach: every one of them must have been booked.
            Assert.Equal(run.Count(s => s.Op == Op.TopUp), accepted.GetValueOrDefault(Op.TopUp));
            await AssertConservedAsync(wallets);
        }, iter: 4, threads: 1);
    }

    /// <summary>Applies one operation; true when it was accepted (booked, or a payment authorized).</summary>
    private async Task<bool> ApplyAsync(Op op, Guid wallet, Guid terminal, Money amount, int pick, List<Payment> authorized)
    {
        var ctx = LedgerFixture.Context();
        try
        {
            switch (op)
            {
                case Op.TopUp:
                    await fixture.Wallets.HandleAsync(new TopUpWallet(wallet, ctx.IdFor("top-up"), amount, "ref", ctx.Now), ctx, default);
                    return true;
                case Op.PayOut:
                    await fixture.Wallets.HandleAsync(new PayOutWallet(wallet, ctx.IdFor("payout"), amount, "ref", ctx.Now), ctx, default);
                    return true;
                case Op.Pay:
                    var payment = (await fixture.Payments.AuthorizeAsync(
                        new AuthorizePayment(ctx.IdFor("payment"), wallet, terminal, amount, ctx.Now), ctx, default)).Outcome;
                    if (payment.Status != PaymentStatus.Authorized) return false;
                    authorized.Add(payment);
                    return true;
                case Op.Refund when authorized.Count > 0:
                    var target = authorized[pick % authorized.Count];
                    var refund = new Money(Math.Max(1, amount.Minor % (target.Amount.Minor + 1)), amount.Currency);
                    await fixture.Payments.RefundAsync(new RefundPayment(target.Id, ctx.IdFor("refund"), refund, "customer return", ctx.Now), ctx, default);
                    return true;
                default:
                    return false;
            }
        }
        catch (DomainRuleViolation)
        {
            // Refused commands (payout beyond balance, refund beyond what is left) write nothing; that is part of the property.
            return false;
        }
    }

    private async Task AssertConservedAsync(IReadOnlyList<Guid> wallets)
    {
        foreach (var line in await fixture.Journal.TrialBalanceAsync(default))
        {
            Assert.Equal(0, line.UnbalancedEntries);
            Assert.Equal(0, line.SumOfAllAccountsMinor);
            Assert.Equal(line.FundedMinor - line.PaidOutMinor, line.WalletsMinor + line.MerchantsMinor);
        }

        await using var session = fixture.Store.QuerySession();
        foreach (var walletId in wallets)
        {
            var wallet = await session.LoadAsync<Wallet>(walletId);
            var journal = await fixture.Journal.BalancesAsync($"wallet:{walletId}", default);
            Assert.Equal(wallet!.Balance.Minor, journal.SingleOrDefault()?.BalanceMinor ?? 0);
            Assert.False(wallet.Balance.IsNegative);
        }
    }
}

[Collection(LedgerCollection.Name)]
public sealed class ConservationTests(LedgerFixture fixture) : ConservationTestsContract(fixture);

[Collection(GroupCommitCollection.Name)]
public sealed class ConservationTestsWithGroupCommit(GroupCommitLedgerFixture fixture) : ConservationTestsContract(fixture);
