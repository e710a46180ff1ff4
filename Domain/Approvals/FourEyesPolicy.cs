using Ledger.Domain.Wallets;

namespace Ledger.Domain.Approvals;

/// <summary>
/// Which operator acts need a second operator. PIN resets, unlocks after a lock-out and face enrolments always; a
/// payout above <see cref="PayoutAbove"/> (major units of the wallet's currency); limits above the standard retail
/// limits (<see cref="WalletLimits.DefaultFor"/>). A request not approved within <see cref="ValidFor"/> lapses.
/// </summary>
public sealed record FourEyesPolicy(decimal PayoutAbove, TimeSpan ValidFor)
{
    public static readonly FourEyesPolicy Default = new(100m, TimeSpan.FromHours(24));

    public bool NeedsApproval(PayOutWallet payout) => payout.Amount > Money.FromDecimal(PayoutAbove, payout.Amount.Currency);

    public static bool NeedsApproval(SetWalletLimits change)
    {
        var standard = WalletLimits.DefaultFor(change.Limits.PerPayment.Currency);
        return change.Limits.PerPayment > standard.PerPayment || change.Limits.DailyAmount > standard.DailyAmount
               || change.Limits.DailyCount > standard.DailyCount;
    }
}
