using System.Security.Cryptography;
using System.Text;

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

    public static Guid IdOf(string nonce)
    {
        var digest = SHA256.HashData(Encoding.ASCII.GetBytes($"terminal-challenge:v1:{nonce}"));
        digest[6] = (byte)((digest[6] & 0x0f) | 0x80); // RFC 9562 version 8 (custom): never one of the random (v4) ids
        digest[8] = (byte)((digest[8] & 0x3f) | 0x80);
        return new Guid(digest.AsSpan(0, 16), bigEndian: true);
    }

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
