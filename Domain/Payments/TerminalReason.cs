namespace Ledger.Domain.Payments;

/// <summary>
/// What a terminal may learn of a decline. The till belongs to a merchant who may be the attacker: it gets a
/// decision, never evidence. Everything that would tell whether a customer is enrolled, locked, erased, frozen or
/// merely a near miss collapses into one reason; the detailed reason stays in the events for auditors.
/// </summary>
public static class TerminalReason
{
    /// <summary>The face did not verify a customer who may pay by face, for whatever reason.</summary>
    public const string FaceNotVerified = "face_not_verified";

    /// <summary>The payment code was not accepted: unknown, wrong, used, expired or locked alike.</summary>
    public const string PaymentCodeInvalid = "payment_code_invalid";

    /// <summary>The customer's wallet cannot pay this amount now (funds or limits; which one is not said).</summary>
    public const string WalletDeclined = "wallet_declined";

    /// <summary>The terminal's snake_case reason for a decline, or null for an authorization.</summary>
    public static string? For(DeclineReason? reason) => reason switch
    {
        null => null,
        DeclineReason.FaceNoMatch or DeclineReason.FaceAmbiguous or DeclineReason.NotEnrolled or DeclineReason.ReenrolmentRequired
            or DeclineReason.FacePayLocked or DeclineReason.FacePayNotEnabled or DeclineReason.LiveChallengeFailed => FaceNotVerified,
        // Only a customer who has just proved themselves reaches these; the shopper at the till needs to hear them.
        DeclineReason.NoFaceDetected => "no_face_detected",
        DeclineReason.MultipleFaces => "multiple_faces",
        DeclineReason.FullPhoneNumberRequired => "full_phone_number_required",
        DeclineReason.PinRequired => "pin_required",
        DeclineReason.PinIncorrect => "pin_incorrect",
        DeclineReason.PaymentCodeRejected => PaymentCodeInvalid,
        DeclineReason.StepUpRequired => "step_up_required",
        DeclineReason.WalletFrozen or DeclineReason.WalletClosed or DeclineReason.PerPaymentLimitExceeded
            or DeclineReason.DailyCountLimitExceeded or DeclineReason.DailyAmountLimitExceeded
            or DeclineReason.InsufficientFunds => WalletDeclined,
        _ => WalletDeclined,
    };
}
