namespace Ledger.Domain.Wallets;

public enum WalletStatus
{
    Active,
    /// <summary>No money may leave (payments, payouts); refunds and top-ups still arrive.</summary>
    Frozen,
    /// <summary>Final: nothing moves any more.</summary>
    Closed,
}
