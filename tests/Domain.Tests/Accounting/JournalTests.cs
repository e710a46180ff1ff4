using Ledger.Domain.Accounting;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Accounting;

/// <summary>Each money event stands for exactly one balanced entry between the right accounts.</summary>
public class JournalTests
{
    private static readonly LedgerAccount Wallet = LedgerAccount.ForWallet(WalletId);
    private static readonly LedgerAccount Merchant = LedgerAccount.ForMerchant(MerchantId);

    private static void AssertEntry(JournalEntry? entry, Guid id, string kind, DateTimeOffset at, params Posting[] postings)
    {
        Assert.NotNull(entry);
        Assert.Equal(id, entry.EntryId);
        Assert.Equal(kind, entry.Kind);
        Assert.Equal(at, entry.PostedAt);
        Assert.Equal(postings, entry.Postings);
    }

    [Fact]
    public void A_top_up_credits_the_wallet_from_external_funding()
    {
        var entry = Journal.EntryFor(new WalletToppedUp(WalletId, TopUpId, Eur(25m), "card-4242", Today));

        AssertEntry(entry, TopUpId, "top_up", Today,
            new Posting(LedgerAccount.ExternalFunding, Eur(-25m)),
            new Posting(Wallet, Eur(25m)));
    }

    [Fact]
    public void A_payout_moves_money_from_the_wallet_to_the_outside()
    {
        var entry = Journal.EntryFor(new WalletPaidOut(WalletId, PayoutId, Eur(40m), "IBAN DE02", Today));

        AssertEntry(entry, PayoutId, "payout", Today,
            new Posting(Wallet, Eur(-40m)),
            new Posting(LedgerAccount.ExternalPayout, Eur(40m)));
    }

    [Fact]
    public void An_authorized_payment_moves_money_from_the_wallet_to_the_merchant_settlement()
    {
        var entry = Journal.EntryFor(Authorized(Eur(12.50m), Inputs(Eur(80m))));

        AssertEntry(entry, PaymentId, "payment", Today,
            new Posting(Wallet, Eur(-12.50m)),
            new Posting(Merchant, Eur(12.50m)));
    }

    [Fact]
    public void A_refund_moves_money_back_from_the_merchant_to_the_wallet()
    {
        var entry = Journal.EntryFor(new PaymentRefunded(PaymentId, RefundId, WalletId, MerchantId, Eur(10m), Eur(10m), Today));

        AssertEntry(entry, RefundId, "refund", Today,
            new Posting(Merchant, Eur(-10m)),
            new Posting(Wallet, Eur(10m)));
    }

    [Fact]
    public void Events_that_move_no_money_or_mirror_a_payment_have_no_entry()
    {
        // The wallet's debit and credit are the wallet side of a payment or refund already journaled.
        Assert.Null(Journal.EntryFor(Declined(Eur(10m), DeclineReason.InsufficientFunds, Inputs(Eur(5m)))));
        Assert.Null(Journal.EntryFor(Debited(Eur(10m))));
        Assert.Null(Journal.EntryFor(new WalletCredited(WalletId, PaymentId, RefundId, Eur(10m), Today)));
        Assert.Null(Journal.EntryFor(Opened()));
        Assert.Null(Journal.EntryFor(new WalletFrozen(WalletId, "alert", Today)));
    }

    [Fact]
    public void Accounts_have_stable_codes()
    {
        Assert.Equal($"wallet:{WalletId}", Wallet.Code);
        Assert.Equal($"merchant:{MerchantId}", Merchant.Code);
        Assert.Equal("external:funding", LedgerAccount.ExternalFunding.Code);
        Assert.Equal("external:payout", LedgerAccount.ExternalPayout.Code);
        Assert.Equal(Wallet.Code, Wallet.ToString());
    }
}
