using Ledger.Domain.Accounting;

namespace Ledger.Infrastructure.Journal;

/// <summary>
/// A shared account's balance is kept as several rows (slots) that sum to it, so concurrent payments to one merchant, or
/// top-ups through the one funding account, each lock one of eight rows instead of all queueing on one. A wallet keeps
/// one row: its payments are already decided one at a time on its stream. A posting's slot comes from its entry id, so a
/// rebuild from the events puts every posting back in the same slot and the rebuilt rows equal the live ones.
/// </summary>
public static class BalanceSlots
{
    public const int PerSharedAccount = 8;

    public static short For(LedgerAccount account, Guid entryId) =>
        account.Kind == AccountKind.Wallet ? (short)0 : (short)((uint)entryId.GetHashCode() % PerSharedAccount);
}
