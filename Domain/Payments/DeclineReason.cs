namespace Ledger.Domain.Payments;

/// <summary>Why a payment was declined. Stored by name: never renumber or rename a member.</summary>
public enum DeclineReason
{
    WalletFrozen,
    WalletClosed,
    FacePayNotEnabled,
    PerPaymentLimitExceeded,
    DailyCountLimitExceeded,
    DailyAmountLimitExceeded,
    InsufficientFunds,
}
