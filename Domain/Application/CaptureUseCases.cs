using Ledger.Domain.Capture;
using Ledger.Domain.Terminals;

namespace Ledger.Domain.Application;

/// <summary>
/// Challenges a terminal answers (registering its device key, binding a capture to a payment) and the device key's
/// registration: the terminal's events and the used-up challenge in one commit.
/// </summary>
public sealed class CaptureUseCases(CommandExecutor executor)
{
    /// <param name="movement">The head movement the frames must show, where a live challenge is asked; null otherwise.</param>
    /// <param name="frames">How many frames the terminal is to send.</param>
    public Task<CommandResult<TerminalChallenge>> IssueChallengeAsync(Guid terminalId, ChallengePurpose purpose, Money? amount,
        HeadMovement? movement, int? frames, CommandContext context, CancellationToken ct)
    {
        var nonce = TerminalChallenge.NewNonce();
        return executor.ExecuteAsync(context,
            RequestHash.Of("IssueTerminalChallenge", new { terminalId, purpose, amount }),
            new Prefetch().Read<Terminal>(terminalId),
            async (session, token) =>
            {
                var terminal = await session.ReadAsync<Terminal>(terminalId, token);
                var issued = TerminalChallengeDecider.Issue(terminal, terminalId, purpose, nonce, amount, movement, frames, context.Now);
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
