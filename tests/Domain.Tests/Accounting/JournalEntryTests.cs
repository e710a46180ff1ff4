using Ledger.Domain.Accounting;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Accounting;

public class JournalEntryTests
{
    private static readonly LedgerAccount Wallet = LedgerAccount.ForWallet(WalletId);
    private static readonly LedgerAccount Merchant = LedgerAccount.ForMerchant(MerchantId);

    private static JournalEntry Entry(params Posting[] postings) => new(Guid.NewGuid(), "test", postings, Today);

    [Fact]
    public void Postings_that_sum_to_zero_make_an_entry()
    {
        var entry = Entry(new Posting(Wallet, Eur(-10m)), new Posting(Merchant, Eur(7m)), new Posting(LedgerAccount.ExternalPayout, Eur(3m)));

        Assert.Equal(3, entry.Postings.Count);
    }

    [Fact]
    public void An_entry_one_cent_off_balance_cannot_be_built()
    {
        Assert.Throws<ArgumentException>(() => Entry(new Posting(Wallet, Eur(-10m)), new Posting(Merchant, EurMinor(1001))));
    }

    [Fact]
    public void An_entry_needs_at_least_two_postings()
    {
        Assert.Throws<ArgumentException>(() => Entry(new Posting(Wallet, Eur(0m))));
    }

    [Fact]
    public void Each_currency_must_balance_on_its_own()
    {
        // 100 minor units of EUR out and 100 of JPY in sum to zero as numbers, not as money.
        Assert.Throws<ArgumentException>(() => Entry(new Posting(Wallet, EurMinor(-100)), new Posting(Merchant, new Money(100, JPY))));
    }

    [Fact]
    public void An_entry_in_two_currencies_each_balanced_is_accepted()
    {
        var entry = Entry(
            new Posting(Wallet, Eur(-10m)), new Posting(Merchant, Eur(10m)),
            new Posting(Wallet, Jpy(-1500m)), new Posting(Merchant, Jpy(1500m)));

        Assert.Equal(4, entry.Postings.Count);
    }

    [Fact]
    public void A_transfer_debits_the_source_and_credits_the_destination()
    {
        var entry = JournalEntry.Transfer(PaymentId, "payment", Wallet, Merchant, Eur(5m), Today);

        Assert.Equal([new Posting(Wallet, Eur(-5m)), new Posting(Merchant, Eur(5m))], entry.Postings);
    }
}
