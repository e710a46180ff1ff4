using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Application;

/// <summary>What face pay reads before it decides whom to compare (the decision itself re-reads what it changes).</summary>
public interface IFacePayReads
{
    Task<IReadOnlyDictionary<Guid, Wallet>> WalletsAsync(IReadOnlyCollection<Guid> walletIds, CancellationToken ct);

    Task<Terminals.Terminal?> TerminalAsync(Guid terminalId, CancellationToken ct);

    Task<Capture.TerminalChallenge?> ChallengeAsync(Guid challengeId, CancellationToken ct);

    Task<PhoneHintAttempts?> PhoneHintAsync(Guid hintId, CancellationToken ct);
}
