using CsCheck;
using Ledger.Domain.Accounting;
using Ledger.Domain.Payments;
using Ledger.Domain.Tests.Support;

namespace Ledger.Domain.Tests.Accounting;

/// <summary>
/// Money is conserved whatever happens: over random runs of top-ups, payments, refunds and payouts
/// (decided by the deciders, refusals included), the journal derived from the events balances entry
/// by entry, the wallets and merchants together hold exactly what came in minus what went out, and
/// each wallet's journal balance is the balance its own state shows.
/// </summary>
public class ConservationPropertyTests
{
    private const int Iterations = 300;

    private static List<JournalEntry> JournalOf(RandomRun run) =>
        [.. run.Ledger.History.Select(Journal.EntryFor).OfType<JournalEntry>()];

    private static Dictionary<LedgerAccount, long> BalancesOf(IEnumerable<JournalEntry> journal)
    {
        var balances = new Dictionary<LedgerAccount, long>();
        foreach (var posting in journal.SelectMany(e => e.Postings))
            balances[posting.Account] = checked(balances.GetValueOrDefault(posting.Account) + posting.Amount.Minor);
        return balances;
    }

    [Fact]
    public void Every_journal_entry_sums_to_zero_in_each_currency()
    {
        RandomRun.Steps.Sample(steps =>
        {
            foreach (var entry in JournalOf(RandomRun.Play(steps)))
            {
                Assert.True(entry.Postings.Count >= 2);
                Assert.All(entry.Postings.GroupBy(p => p.Amount.Currency), currency => Assert.Equal(0, currency.Sum(p => p.Amount.Minor)));
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Each_accepted_movement_is_exactly_one_journal_entry()
    {
        RandomRun.Steps.Sample(steps =>
        {
            var run = RandomRun.Play(steps);
            var journal = JournalOf(run);

            Assert.Equal(run.Movements, journal.Count);
            Assert.Equal(journal.Count, journal.Select(e => e.EntryId).Distinct().Count());
        }, iter: Iterations);
    }

    [Fact]
    public void Wallets_and_merchants_together_hold_top_ups_minus_payouts_in_every_currency()
    {
        RandomRun.Steps.Sample(steps =>
        {
            var run = RandomRun.Play(steps);
            var balances = BalancesOf(JournalOf(run));

            foreach (var currency in new[] { RandomRun.EUR, RandomRun.JPY })
            {
                var held = balances
                    .Where(b => b.Key.Kind is AccountKind.Wallet or AccountKind.Merchant)
                    .Where(b => AccountCurrency(run, b.Key) == currency)
                    .Sum(b => b.Value);
                Assert.Equal(run.ToppedUp.GetValueOrDefault(currency) - run.PaidOut.GetValueOrDefault(currency), held);
            }
            // The outside world is the mirror image: it gave the top-ups and received the payouts.
            Assert.Equal(-run.ToppedUp.Values.Sum(), balances.GetValueOrDefault(LedgerAccount.ExternalFunding));
            Assert.Equal(run.PaidOut.Values.Sum(), balances.GetValueOrDefault(LedgerAccount.ExternalPayout));
        }, iter: Iterations);
    }

    [Fact]
    public void Each_wallet_journal_balance_is_the_balance_of_its_state_and_never_negative()
    {
        RandomRun.Steps.Sample(steps =>
        {
            var run = RandomRun.Play(steps);
            var balances = BalancesOf(JournalOf(run));

            foreach (var walletId in run.Wallets)
            {
                var state = run.Ledger.Wallet(walletId)!;
                var journalBalance = balances.GetValueOrDefault(LedgerAccount.ForWallet(walletId));
                Assert.Equal(state.Balance.Minor, journalBalance);
                Assert.True(journalBalance >= 0, $"wallet {walletId} overdrawn: {journalBalance}");
            }
        }, iter: Iterations);
    }

    [Fact]
    public void Each_merchant_holds_what_it_was_paid_minus_what_it_refunded()
    {
        RandomRun.Steps.Sample(steps =>
        {
            var run = RandomRun.Play(steps);
            var balances = BalancesOf(JournalOf(run));

            foreach (var merchantId in run.Merchants)
            {
                var journalBalance = balances.GetValueOrDefault(LedgerAccount.ForMerchant(merchantId));
                Assert.Equal(run.MerchantTakings.GetValueOrDefault(merchantId), journalBalance);
                Assert.True(journalBalance >= 0);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void The_random_runs_reach_every_kind_of_movement_and_decline()
    {
        // Guards the generator: a property that only ever sees top-ups proves little.
        var seen = new HashSet<string>();
        RandomRun.Steps.Sample(steps =>
        {
            var run = RandomRun.Play(steps);
            foreach (var @event in run.Ledger.History)
                lock (seen) seen.Add(@event switch
                {
                    PaymentDeclined d => "declined:" + d.Reason,
                    PaymentRefunded r => r.RefundedTotal == run.Ledger.Payment(r.PaymentId)!.Amount ? "refunded:full" : "refunded:partial",
                    _ => @event.GetType().Name,
                });
        }, iter: 2_000); // more runs than the properties use: rare declines must show up every time

        var expected = new HashSet<string>
        {
            "WalletToppedUp", "WalletPaidOut", "PaymentAuthorized", "refunded:full", "refunded:partial", "WalletFrozen",
            "declined:InsufficientFunds", "declined:PerPaymentLimitExceeded", "declined:DailyAmountLimitExceeded",
            "declined:DailyCountLimitExceeded", "declined:WalletFrozen",
        };
        Assert.True(expected.IsSubsetOf(seen), "never reached: " + string.Join(", ", expected.Except(seen)));
    }

    private static Currency AccountCurrency(RandomRun run, LedgerAccount account) => account.Kind switch
    {
        AccountKind.Wallet => run.Ledger.Wallet(account.OwnerId!.Value)!.Currency,
        _ => run.Ledger.Merchant(account.OwnerId!.Value)!.SettlementCurrency,
    };
}
