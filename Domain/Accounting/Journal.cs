using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Accounting;

/// <summary>
/// The journal entry each money-moving event stands for. The events are the source of truth; the
/// journal is derived from them, one entry per movement, and is rebuilt from them identically.
/// A payment's wallet side (<see cref="WalletDebited"/>) is not a second movement: the entry comes
/// from the payment decision alone.
/// </summary>
public static class Journal
{
    public static JournalEntry? EntryFor(object @event) => @event switch
    {
        WalletToppedUp e => JournalEntry.Transfer(e.TopUpId, "top_up",
            LedgerAccount.ExternalFunding, LedgerAccount.ForWallet(e.WalletId), e.Amount, e.ToppedUpAt),
        WalletPaidOut e => JournalEntry.Transfer(e.PayoutId, "payout",
            LedgerAccount.ForWallet(e.WalletId), LedgerAccount.ExternalPayout, e.Amount, e.PaidOutAt),
        PaymentAuthorized e => JournalEntry.Transfer(e.PaymentId, "payment",
            LedgerAccount.ForWallet(e.WalletId), LedgerAccount.ForMerchant(e.MerchantId), e.Amount, e.AuthorizedAt),
        PaymentRefunded e => JournalEntry.Transfer(e.RefundId, "refund",
            LedgerAccount.ForMerchant(e.MerchantId), LedgerAccount.ForWallet(e.WalletId), e.Amount, e.RefundedAt),
        _ => null,
    };
}
