using Ledger.Domain.Wallets;

namespace Ledger.Domain.FacePay;

/// <summary>
/// A template was made from a consented capture that passed the quality gates. The template itself is
/// stored encrypted outside the events; this records only which one, by which model, from which capture.
/// </summary>
public sealed record FaceEnrolled(
    Guid WalletId, Guid TemplateId, string ModelId, string ModelSha256, string CaptureSha256, FaceQuality Quality,
    string ConsentPolicyVersion, Guid? ReplacesTemplateId, DateTimeOffset EnrolledAt) : IWalletEvent;

/// <summary>The recognition model changed: this template can no longer be compared and needs a new capture.</summary>
public sealed record FaceTemplateOutdated(
    Guid WalletId, Guid TemplateId, string ModelId, string CurrentModelId, DateTimeOffset MarkedAt) : IWalletEvent;

/// <summary>
/// The customer withdrew consent: the key that encrypted their template was destroyed (crypto-shredding), so the
/// template can never be read again. The money history is untouched.
/// </summary>
public sealed record BiometricDataErased(Guid WalletId, Guid? TemplateId, string Reason, DateTimeOffset ErasedAt) : IWalletEvent;

/// <summary>A face verification (or its PIN) failed for this customer; consecutive failures lead to a lock-out.</summary>
public sealed record FacePayFailureRecorded(
    Guid WalletId, Guid PaymentId, Guid TerminalId, string Reason, DateTimeOffset FailedAt) : IWalletEvent;

/// <summary>A successful verification ended a streak of failures.</summary>
public sealed record FacePayFailuresCleared(Guid WalletId, Guid PaymentId, DateTimeOffset ClearedAt) : IWalletEvent;

/// <summary>Too many failed verifications in the window: face pay stays locked until an operator unlocks it.</summary>
public sealed record FacePayLocked(
    Guid WalletId, int Failures, TimeSpan Window, string PolicyVersion, DateTimeOffset LockedAt) : IWalletEvent;

public sealed record FacePayUnlocked(Guid WalletId, DateTimeOffset UnlockedAt) : IWalletEvent;

/// <summary>A face-pay PIN was set; its salted hash lives in the vault, never here.</summary>
public sealed record FacePayPinSet(Guid WalletId, DateTimeOffset SetAt) : IWalletEvent;
