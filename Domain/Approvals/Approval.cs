namespace Ledger.Domain.Approvals;

public enum ApprovalStatus
{
    Pending,
    Granted,
    Used,
}

/// <summary>A request for a sensitive act, folded from its stream.</summary>
public sealed record Approval(
    Guid Id, SensitiveAct Act, Guid WalletId, ActDetails Details, string RequestedBy, DateTimeOffset RequestedAt,
    ApprovalStatus Status, string? ApprovedBy = null, DateTimeOffset? GrantedAt = null)
{
    public static Approval? Evolve(Approval? approval, object @event) => (approval, @event) switch
    {
        (null, ApprovalRequested e) => new Approval(e.ApprovalId, e.Act, e.WalletId, e.Details, e.RequestedBy, e.RequestedAt, ApprovalStatus.Pending),
        (null, _) => null,
        (_, ApprovalGranted e) => approval with { Status = ApprovalStatus.Granted, ApprovedBy = e.ApprovedBy, GrantedAt = e.GrantedAt },
        (_, ApprovalUsed) => approval with { Status = ApprovalStatus.Used },
        _ => approval,
    };
}
