using Ledger.Domain.Wallets;

namespace Ledger.Domain.Approvals;

/// <summary>Operator acts that one operator alone may not complete. Stored by name: never rename a member.</summary>
public enum SensitiveAct
{
    /// <summary>A face may be enrolled on the wallet: a permit, used by the enrolment that follows.</summary>
    FaceEnrolment,
    /// <summary>The face-pay PIN is cleared; the customer sets a new one on their device.</summary>
    PinReset,
    /// <summary>Limits above the standard retail limits.</summary>
    LimitRaise,
    /// <summary>Face pay unlocked after a lock-out.</summary>
    FacePayUnlock,
    /// <summary>A payout above the policy's amount.</summary>
    Payout,
}

/// <summary>What the act will do, as the requester asked for it and the approver saw it.</summary>
public sealed record ActDetails(Money? Amount = null, string? Reference = null, WalletLimits? Limits = null, string? ConsentFormSha256 = null);

public interface IApprovalEvent
{
    Guid ApprovalId { get; }
}

/// <summary>An operator asked for a sensitive act; nothing happened yet.</summary>
public sealed record ApprovalRequested(
    Guid ApprovalId, SensitiveAct Act, Guid WalletId, ActDetails Details, string RequestedBy, DateTimeOffset RequestedAt) : IApprovalEvent;

/// <summary>
/// Another operator approved, and the act was done in the same commit (its events carry this approval as their
/// causation and the approver as their actor); both operators are named here.
/// </summary>
public sealed record ApprovalGranted(
    Guid ApprovalId, SensitiveAct Act, Guid WalletId, string RequestedBy, string ApprovedBy, DateTimeOffset GrantedAt) : IApprovalEvent;

/// <summary>An enrolment permit was used by the enrolment of <paramref name="TemplateId"/>; it cannot be used again.</summary>
public sealed record ApprovalUsed(Guid ApprovalId, Guid WalletId, Guid TemplateId, string UsedBy, DateTimeOffset UsedAt) : IApprovalEvent;
