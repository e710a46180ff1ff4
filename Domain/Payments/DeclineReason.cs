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
    // Payment codes: the code identified nobody who may pay now (wrong, used, expired, unknown, locked or revoked
    // alike; the credential stream records which), or the amount needs the face or a PIN on top of a code.
    PaymentCodeRejected,
    StepUpRequired,
    // Face pay under a live challenge: the frames were not of one person moving as asked, or were flat.
    LiveChallengeFailed,
}
