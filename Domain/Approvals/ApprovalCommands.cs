namespace Ledger.Domain.Approvals;

public abstract record ApprovalCommand(Guid ApprovalId, string Operator, DateTimeOffset Now);

/// <param name="Operator">The requesting operator's actor (<c>operator:{credential name}</c>).</param>
public sealed record RequestApproval(Guid ApprovalId, SensitiveAct Act, Guid WalletId, ActDetails Details, string Operator, DateTimeOffset Now)
    : ApprovalCommand(ApprovalId, Operator, Now);

/// <param name="Operator">The approving operator's actor: never the requester.</param>
public sealed record GrantApproval(Guid ApprovalId, string Operator, DateTimeOffset Now) : ApprovalCommand(ApprovalId, Operator, Now);

/// <summary>An enrolment uses its permit: same wallet, same consent form.</summary>
public sealed record UseApproval(Guid ApprovalId, Guid WalletId, Guid TemplateId, string? ConsentFormSha256, string Operator, DateTimeOffset Now)
    : ApprovalCommand(ApprovalId, Operator, Now);
