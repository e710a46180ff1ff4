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
    // Face pay (the capture, the hint and the step-up the policy asked for).
    FaceNoMatch,
    FaceAmbiguous,
    NoFaceDetected,
    MultipleFaces,
    NotEnrolled,
    ReenrolmentRequired,
    FacePayLocked,
    FullPhoneNumberRequired,
    PinRequired,
    PinIncorrect,
}
