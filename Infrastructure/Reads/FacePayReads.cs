using Ledger.Domain.Application;
using Ledger.Domain.FacePay;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using Marten;

namespace Ledger.Infrastructure.Reads;

/// <summary>Face pay's reads before a decision, from Marten's inline aggregates (strongly consistent with the events).</summary>
public sealed class FacePayReads(IDocumentStore store) : IFacePayReads
{
    public async Task<IReadOnlyDictionary<Guid, Wallet>> WalletsAsync(IReadOnlyCollection<Guid> walletIds, CancellationToken ct)
    {
        await using var reads = store.QuerySession();
        return (await reads.LoadManyAsync<Wallet>(ct, walletIds.ToArray())).ToDictionary(w => w.Id);
    }

    public async Task<Terminal?> TerminalAsync(Guid terminalId, CancellationToken ct)
    {
        await using var reads = store.QuerySession();
        return await reads.LoadAsync<Terminal>(terminalId, ct);
    }

    public async Task<Domain.Capture.TerminalChallenge?> ChallengeAsync(Guid challengeId, CancellationToken ct)
    {
        await using var reads = store.QuerySession();
        return await reads.LoadAsync<Domain.Capture.TerminalChallenge>(challengeId, ct);
    }

    public async Task<PhoneHintAttempts?> PhoneHintAsync(Guid hintId, CancellationToken ct)
    {
        await using var reads = store.QuerySession();
        return await reads.LoadAsync<PhoneHintAttempts>(hintId, ct);
    }
}
