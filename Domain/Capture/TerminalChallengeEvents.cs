namespace Ledger.Domain.Capture;

public interface ITerminalChallengeEvent
{
    Guid ChallengeId { get; }
}

/// <summary>
/// A random nonce issued to one terminal for one purpose, valid until <paramref name="ExpiresAt"/>. For a capture it
/// is bound to the amount and currency (<paramref name="AmountMinor"/>, <paramref name="Currency"/>) and names the head
/// movement the frames must show and how many frames to send.
/// </summary>
public sealed record TerminalChallengeIssued(
    Guid ChallengeId, Guid TerminalId, ChallengePurpose Purpose, string Nonce, long? AmountMinor, string? Currency,
    HeadMovement? Movement, int? Frames, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt) : ITerminalChallengeEvent;

/// <summary>The challenge was answered, by the payment or the device key registration <paramref name="UsedBy"/>. It is used up.</summary>
public sealed record TerminalChallengeUsed(Guid ChallengeId, Guid TerminalId, string UsedBy, DateTimeOffset UsedAt) : ITerminalChallengeEvent;
