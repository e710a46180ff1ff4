using System.Security.Cryptography;

namespace Ledger.Domain.Capture;

/// <summary>
/// A nonce the service gave one terminal, for one purpose, once. Its stream id follows from the nonce, so the answer
/// leads to it without a lookup; it is used up in the same commit as what answered it, so of two answers at once one
/// wins and the other finds it used.
/// </summary>
public sealed record TerminalChallenge(
    Guid Id, Guid TerminalId, ChallengePurpose Purpose, string Nonce, Money? Amount, HeadMovement? Movement, int? Frames,
    DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string? UsedBy)
{
    /// <summary>128 random bits, base64url without padding (22 characters).</summary>
    public const int NonceBytes = 16;

    public static Guid IdOf(string nonce) => DerivedId.Of($"terminal-challenge:v1:{nonce}");

    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(NonceBytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool IsWellFormedNonce(string? nonce) =>
        nonce is { Length: 22 } && nonce.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public static TerminalChallenge? Evolve(TerminalChallenge? challenge, object @event) => (challenge, @event) switch
    {
        (null, TerminalChallengeIssued e) => new TerminalChallenge(e.ChallengeId, e.TerminalId, e.Purpose, e.Nonce,
            e.AmountMinor is { } minor ? new Money(minor, Currency.Of(e.Currency!)) : null, e.Movement, e.Frames, e.IssuedAt, e.ExpiresAt, null),
        (not null, TerminalChallengeUsed e) => challenge with { UsedBy = e.UsedBy },
        _ => challenge,
    };
}
