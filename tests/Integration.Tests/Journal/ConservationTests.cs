using CsCheck;
using Ledger.Domain;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Integration.Tests.Support;
using Marten;

namespace Ledger.Integration.Tests.Journal;

/// <summary>Money is neither created nor destroyed, whatever mix of operations runs.</summary>
[Collection(LedgerCollection.Name)]
public sealed class ConservationTests(LedgerFixture fixture)
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

            foreach (var step in run)
                await ApplyAsync(step.Op, wallets[step.Wallet], terminals[step.Terminal], new Money(step.Minor, Currency.Of("EUR")), step.Pick, authorized);

            await AssertConservedAsync(wallets);
        }, iter: 4, threads: 1);
    }

    private async Task ApplyAsync(Op op, Guid wallet, Guid terminal, Money amount, int pick, List<Payment> authorized)
    {
        var ctx = LedgerFixture.Context();
        try
        {
            switch (op)
            {
                case Op.TopUp:
                    await fixture.Wallets.HandleAsync(new TopUpWallet(wallet, ctx.IdFor("top-up"), amount, "ref", ctx.Now), ctx, default);
                    break;
                case Op.PayOut:
                    await fixture.Wallets.HandleAsync(new PayOutWallet(wallet, ctx.IdFor("payout"), amount, "ref", ctx.Now), ctx, default);
                    break;
                case Op.Pay:
                    var payment = (await fixture.Payments.AuthorizeAsync(
                        new AuthorizePayment(ctx.IdFor("payment"), wallet, terminal, amount, ctx.Now), ctx, default)).Outcome;
                    if (payment.Status == PaymentStatus.Authorized) authorized.Add(payment);
                    break;
                case Op.Refund when authorized.Count > 0:
                    var target = authorized[pick % authorized.Count];
                    var refund = new Money(Math.Max(1, amount.Minor % (target.Amount.Minor + 1)), amount.Currency);
                    await fixture.Payments.RefundAsync(new RefundPayment(target.Id, ctx.IdFor("refund"), refund, "customer return", ctx.Now), ctx, default);
                    break;
            }
        }
        catch (DomainRuleViolation)
        {
            // Refused commands (payout beyond balance, refund beyond what is left) write nothing; that is part of the property.
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
