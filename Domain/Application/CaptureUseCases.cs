using Ledger.Domain.Capture;
using Ledger.Domain.Terminals;

namespace Ledger.Domain.Application;

/// <summary>
/// Challenges a terminal answers (registering its device key, binding a capture to a payment) and the device key's
/// registration: the terminal's events and the used-up challenge in one commit.
/// </summary>
public sealed class CaptureUseCases(CommandExecutor executor)
{
    /// <summary>A challenge the terminal signs with a new device key to prove it holds it.</summary>
    public Task<CommandResult<TerminalChallenge>> IssueDeviceKeyChallengeAsync(Guid terminalId, CommandContext context, CancellationToken ct) =>
        IssueAsync(terminalId, ChallengePurpose.DeviceKey, null, context,
            (terminal, nonce) => TerminalChallengeDecider.Issue(terminal, terminalId, ChallengePurpose.DeviceKey, nonce, null, null, null, context.Now), ct);

    /// <summary>
    /// A capture challenge for one face payment: whether it asks for <paramref name="drawn"/> (a head movement drawn at
    /// random by the caller) follows from <paramref name="policy"/>, the amount and the terminal as it is now.
    /// </summary>
    public Task<CommandResult<TerminalChallenge>> IssueCaptureChallengeAsync(Guid terminalId, Money amount, LiveChallengePolicy policy,
        HeadMovement drawn, CommandContext context, CancellationToken ct) =>
        IssueAsync(terminalId, ChallengePurpose.Capture, amount, context, (terminal, nonce) =>
        {
            var live = terminal is not null && policy.Requires(amount, terminal, context.Now);
            return TerminalChallengeDecider.Issue(terminal, terminalId, ChallengePurpose.Capture, nonce, amount,
                live ? drawn : null, live ? policy.Frames : 1, context.Now);
        }, ct);

    private Task<CommandResult<TerminalChallenge>> IssueAsync(Guid terminalId, ChallengePurpose purpose, Money? amount, CommandContext context,
        Func<Terminal?, string, TerminalChallengeIssued> issue, CancellationToken ct)
    {
        var nonce = TerminalChallenge.NewNonce();
        return executor.ExecuteAsync(context,
            RequestHash.Of("IssueTerminalChallenge", new { terminalId, purpose, amount }),
            new Prefetch().Read<Terminal>(terminalId),
            async (session, token) =>
            {
                var issued = issue(await session.ReadAsync<Terminal>(terminalId, token), nonce);
                session.Append<TerminalChallenge>(issued.ChallengeId, [issued]);
                return TerminalChallenge.Evolve(null, issued)!;
            }, ct);
    }

    public Task<CommandResult<Terminal>> RegisterDeviceKeyAsync(RegisterDeviceKey command, CommandContext context, CancellationToken ct)
    {
        var challengeId = TerminalChallenge.IdOf(command.Nonce);
        return executor.ExecuteAsync(context,
            RequestHash.Of(nameof(RegisterDeviceKey), command with { Now = default }),
            new Prefetch().ForWriting<Terminal>(command.TerminalId).ForWriting<TerminalChallenge>(challengeId),
            async (session, token) =>
            {
                var terminal = await session.LoadForWritingAsync<Terminal>(command.TerminalId, token);
                var challenge = await session.LoadForWritingAsync<TerminalChallenge>(challengeId, token);
                var (registered, used) = DeviceKeyDecider.Register(command, terminal, challenge);
                session.Append<Terminal>(command.TerminalId, [registered]);
                session.Append<TerminalChallenge>(challengeId, [used]);
                return TerminalDecider.Evolve(terminal, registered)!;
            }, ct);
    }
}
