using Ledger.Domain.Wallets;

namespace Ledger.Domain.FacePay;

/// <summary>
/// A template was made from a consented capture that passed the quality gates. The template itself is
/// stored encrypted outside the events; this records only which one, by which model, from which capture.
/// </summary>
public sealed record FaceEnrolled(
    Guid WalletId, Guid TemplateId, string ModelId, string ModelSha256, string CaptureSha256, FaceQuality Quality,
    string ConsentPolicyVersion, Guid? ReplacesTemplateId, DateTimeOffset EnrolledAt) : IWalletEvent;

/// <summary>
/// After a model upgrade, a payment verified under the customer's template of the old model (<paramref name="FromModelId"/>)
/// renewed it for the model in service: the new model's template of the same capture, sealed like an enrolled one. The
/// consent it rests on is named (<paramref name="ConsentPolicyVersion"/>, <paramref name="ConsentPurpose"/>): the
/// customer consented to face payment with a template, not to one model; nobody had to come back to the counter.
/// </summary>
public sealed record FaceTemplateRenewed(
    Guid WalletId, Guid TemplateId, string ModelId, string ModelSha256, Guid FromTemplateId, string FromModelId, Guid PaymentId,
    string CaptureSha256, FaceQuality Quality, string ConsentPolicyVersion, string? ConsentPurpose, DateTimeOffset RenewedAt) : IWalletEvent;

/// <summary>The recognition model changed: this template can no longer be compared and needs a new capture.</summary>
public sealed record FaceTemplateOutdated(
    Guid WalletId, Guid TemplateId, string ModelId, string CurrentModelId, DateTimeOffset MarkedAt) : IWalletEvent;

/// <summary>
/// The customer withdrew consent: the key that encrypted their template was destroyed (crypto-shredding), so the
/// template can never be read again. The money history is untouched.
/// </summary>
public sealed record BiometricDataErased(Guid WalletId, Guid? TemplateId, string Reason, DateTimeOffset ErasedAt) : IWalletEvent;

/// <summary>
/// A face verification failed for this customer; consecutive failures lead to a lock-out. (Before face-pay-v2 a wrong
/// PIN was recorded here too, with reason pin_incorrect; since then it is a <see cref="FacePayPinRejected"/>.)
/// </summary>
public sealed record FacePayFailureRecorded(
    Guid WalletId, Guid PaymentId, Guid TerminalId, string Reason, DateTimeOffset FailedAt) : IWalletEvent;

/// <summary>A successful verification ended a streak of failures.</summary>
public sealed record FacePayFailuresCleared(Guid WalletId, Guid PaymentId, DateTimeOffset ClearedAt) : IWalletEvent;

/// <summary>
/// Too many failed verifications in the window, or too many wrong PINs in a row (then <paramref name="Window"/> is zero):
/// face pay stays locked until an operator unlocks it.
/// </summary>
public sealed record FacePayLocked(
    Guid WalletId, int Failures, TimeSpan Window, string PolicyVersion, DateTimeOffset LockedAt) : IWalletEvent;

public sealed record FacePayUnlocked(Guid WalletId, DateTimeOffset UnlockedAt) : IWalletEvent;

/// <summary>
/// The PIN given with a face payment was wrong. PIN failures are counted apart from face failures, and only a correct
/// PIN (or an operator's unlock) clears them: small payments that need no PIN cannot reset the count.
/// </summary>
public sealed record FacePayPinRejected(Guid WalletId, Guid PaymentId, Guid TerminalId, int Rejections, DateTimeOffset RejectedAt) : IWalletEvent;

/// <summary>A correct PIN ended a run of wrong ones.</summary>
public sealed record FacePayPinAccepted(Guid WalletId, Guid PaymentId, DateTimeOffset AcceptedAt) : IWalletEvent;

/// <summary>A face-pay PIN was set; its salted hash lives in the vault, never here.</summary>
public sealed record FacePayPinSet(Guid WalletId, DateTimeOffset SetAt) : IWalletEvent;

/// <summary>The PIN was cleared by a reset two operators agreed on; until the customer sets a new one, no payment that needs a PIN passes.</summary>
public sealed record FacePayPinReset(Guid WalletId, DateTimeOffset ResetAt) : IWalletEvent;
