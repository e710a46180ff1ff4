using Ledger.Domain.Wallets;

namespace Ledger.Domain.FacePay;

/// <summary>An operator enrols a customer's face with their explicit consent (purpose and policy version).</summary>
public sealed record EnrolFace(
    Guid WalletId, Guid TemplateId, string ModelId, string ModelSha256, string CaptureSha256, int FacesSeen, FaceQuality? Quality,
    string ConsentPurpose, string ConsentPolicyVersion, DateTimeOffset Now) : WalletCommand(WalletId, Now);

/// <summary>The customer withdraws consent: face pay ends and the biometric data is crypto-shredded.</summary>
public sealed record WithdrawBiometricConsent(Guid WalletId, string Reason, DateTimeOffset Now) : WalletCommand(WalletId, Now);

/// <summary>The recognition model in service is <paramref name="CurrentModelId"/>; older templates need re-enrolment.</summary>
public sealed record MarkTemplateOutdated(Guid WalletId, string CurrentModelId, DateTimeOffset Now) : WalletCommand(WalletId, Now);

/// <summary>The customer sets the PIN asked above the policy's amount, on their device; the PIN itself never enters a command or event.</summary>
public sealed record SetFacePayPin(Guid WalletId, DateTimeOffset Now) : WalletCommand(WalletId, Now);

/// <summary>Clears the PIN (approved by a second operator); the customer sets a new one on their own device.</summary>
public sealed record ResetFacePayPin(Guid WalletId, DateTimeOffset Now) : WalletCommand(WalletId, Now);

public sealed record UnlockFacePay(Guid WalletId, DateTimeOffset Now) : WalletCommand(WalletId, Now);

/// <summary>Whether the PIN the policy asked for was given and right. Never the PIN itself.</summary>
public enum PinCheck
{
    NotRequired,
    Missing,
    Correct,
    Incorrect,
}

/// <summary>
/// A terminal asks to pay by face. <paramref name="Face"/> is what the vision plugin concluded about the capture
/// against the candidates the hint allowed; <paramref name="WalletId"/> is the matched customer, or the one
/// customer the hint named when nobody matched, or null.
/// </summary>
/// <param name="PhoneHintId">The stream of the phone suffix the shopper typed at this merchant (<see cref="PhoneHintAttempts.IdOf"/>), when that was the hint.</param>
/// <param name="Capture">The verified capture statement: its challenge is used up and its counter recorded in the payment's commit.</param>
/// <param name="OperatingPoint">The operating point the face was compared at; recorded with the decision.</param>
/// <param name="Renewal">When the face was compared under an older model's template: what the model in service made of the
/// same capture (<see cref="TemplateRenewalRule"/>).</param>
public sealed record PayByFace(
    Guid PaymentId, Guid? WalletId, Guid TerminalId, Money Amount, FaceEvidence Face, PinCheck Pin, DateTimeOffset Now, Guid? PhoneHintId = null,
    Capture.VerifiedCapture? Capture = null, FaceOperatingPoint? OperatingPoint = null, TemplateRenewal? Renewal = null);
