using Ledger.Domain.Approvals;
using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Application;

/// <summary>
/// Four eyes on sensitive operator acts: one operator requests (<see cref="ApprovalRequested"/>, nothing else happens),
/// another approves, and the act is decided and committed together with <see cref="ApprovalGranted"/>, so either both
/// are in the history or neither. The act's events carry the approver as actor and the approval as causation.
/// </summary>
public sealed class ApprovalUseCases(CommandExecutor executor, FourEyesPolicy policy, EnrolmentQuality quality)
{
    public FourEyesPolicy Policy => policy;

    public Task<CommandResult<Approval>> RequestAsync(SensitiveAct act, Guid walletId, ActDetails details, CommandContext context, CancellationToken ct)
    {
        var command = new RequestApproval(context.IdFor("approval"), act, walletId, details, context.Actor.ToString(), context.Now);
        return executor.ExecuteAsync(context, RequestHash.Of(nameof(RequestApproval), command with { Now = default, ApprovalId = default }),
            new Prefetch().ForWriting<Approval>(command.ApprovalId).Read<Wallet>(walletId),
            async (session, token) =>
            {
                if (await session.ReadAsync<Wallet>(walletId, token) is null)
                    throw new DomainRuleViolation(RuleCodes.NotFound, $"Wallet {walletId} does not exist.");
                return await SingleStream.DecideAsync<Approval, IApprovalEvent>(session, command.ApprovalId,
                    a => ApprovalDecider.Decide(command, a, policy), Approval.Evolve, token);
            }, ct);
    }

    /// <param name="clearPin">Deletes the PIN's verifier in the same commit (a PIN reset).</param>
    public Task<CommandResult<Approval>> GrantAsync(Guid approvalId, Func<Guid, ISideWrite> clearPin, CommandContext context, CancellationToken ct)
    {
        var act = context with { CausationId = approvalId.ToString() };
        var command = new GrantApproval(approvalId, context.Actor.ToString(), context.Now);
        return executor.ExecuteAsync(act, RequestHash.Of(nameof(GrantApproval), command with { Now = default }),
            new Prefetch().ForWriting<Approval>(approvalId),
            async (session, token) =>
            {
                var approval = await session.LoadForWritingAsync<Approval>(approvalId, token);
                var events = ApprovalDecider.Decide(command, approval, policy);
                if (events.Count == 0) return approval!;
                session.Append<Approval>(approvalId, events.Cast<object>().ToArray());
                var wallet = await session.LoadForWritingAsync<Wallet>(approval!.WalletId, token);
                var done = Act(approval, wallet, act);
                session.Append<Wallet>(approval.WalletId, done.Cast<object>().ToArray());
                if (approval.Act == SensitiveAct.PinReset) session.Enlist(clearPin(approval.WalletId));
                return events.Aggregate(approval, (a, e) => Approval.Evolve(a, e)!);
            }, ct);
    }

    /// <summary>The act itself, decided by the wallet's own rules on the wallet as it is now.</summary>
    private IReadOnlyList<IWalletEvent> Act(Approval approval, Wallet? wallet, CommandContext context)
    {
        var (id, now, d) = (approval.WalletId, context.Now, approval.Details);
        return approval.Act switch
        {
            SensitiveAct.Payout => WalletDecider.Decide(new PayOutWallet(id, context.IdFor("payout"), d.Amount!, d.Reference!, now), wallet),
            SensitiveAct.LimitRaise => WalletDecider.Decide(new SetWalletLimits(id, d.Limits!, now), wallet),
            SensitiveAct.FacePayUnlock => BiometricDecider.Decide(new UnlockFacePay(id, now), wallet, quality),
            SensitiveAct.PinReset => BiometricDecider.Decide(new ResetFacePayPin(id, now), wallet, quality),
            // A permit: the enrolment that uses it is the act.
            SensitiveAct.FaceEnrolment => wallet is null ? throw new DomainRuleViolation(RuleCodes.NotFound, $"Wallet {id} does not exist.") : [],
            _ => throw new ArgumentOutOfRangeException(nameof(approval), approval.Act, null),
        };
    }
}
