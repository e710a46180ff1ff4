namespace Ledger.Domain.Approvals;

/// <summary>
/// Four eyes: a sensitive act is requested by one operator and approved by another; the same credential cannot do
/// both. A request lapses after <see cref="FourEyesPolicy.ValidFor"/>; an approval is granted once, an enrolment
/// permit used once, for the wallet and consent form it names. A repeated command already satisfied returns nothing.
/// </summary>
public static class ApprovalDecider
{
    public const string SameOperator = "four_eyes_same_operator";
    public const string NotPending = "approval_not_pending";
    public const string Expired = "approval_expired";
    public const string NotUsable = "approval_not_usable";

    public static IReadOnlyList<IApprovalEvent> Decide(ApprovalCommand command, Approval? approval, FourEyesPolicy policy) => command switch
    {
        RequestApproval r when approval is null =>
            [new ApprovalRequested(r.ApprovalId, r.Act, r.WalletId, r.Details, r.Operator, r.Now)],
        RequestApproval r => approval.Act == r.Act && approval.WalletId == r.WalletId && approval.Details == r.Details ? []
            : throw new DomainRuleViolation(RuleCodes.AlreadyExists, $"Approval {r.ApprovalId} was requested for something else."),
        _ when approval is null => throw new DomainRuleViolation(RuleCodes.NotFound, $"Approval {command.ApprovalId} does not exist."),
        GrantApproval g => Grant(g, approval, policy),
        UseApproval u => Use(u, approval),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Not an approval command."),
    };

    private static IReadOnlyList<IApprovalEvent> Grant(GrantApproval command, Approval approval, FourEyesPolicy policy)
    {
        if (command.Operator == approval.RequestedBy)
            throw new DomainRuleViolation(SameOperator, "Another operator must approve: the requester cannot approve their own request.");
        if (approval.Status != ApprovalStatus.Pending)
            return approval.ApprovedBy == command.Operator ? []
                : throw new DomainRuleViolation(NotPending, $"Approval {approval.Id} was already granted by {approval.ApprovedBy}.");
        if (command.Now > approval.RequestedAt + policy.ValidFor)
            throw new DomainRuleViolation(Expired, $"The request lapsed {policy.ValidFor.TotalHours:0} hours after it was made; ask again.");
        return [new ApprovalGranted(approval.Id, approval.Act, approval.WalletId, approval.RequestedBy, command.Operator, command.Now)];
    }

    private static IReadOnlyList<IApprovalEvent> Use(UseApproval command, Approval approval)
    {
        if (approval.Act != SensitiveAct.FaceEnrolment || approval.WalletId != command.WalletId
            || approval.Details.ConsentFormSha256 != command.ConsentFormSha256)
            throw new DomainRuleViolation(NotUsable, "The approval is not an enrolment permit for this wallet and consent form.");
        return approval.Status switch
        {
            ApprovalStatus.Granted => [new ApprovalUsed(approval.Id, command.WalletId, command.TemplateId, command.Operator, command.Now)],
            ApprovalStatus.Pending => throw new DomainRuleViolation(NotUsable, "The enrolment permit is not approved yet."),
            _ => throw new DomainRuleViolation(NotUsable, "The enrolment permit was used already."),
        };
    }
}
