using Ledger.Domain.Terminals;

namespace Ledger.Domain.Capture;

/// <summary>Issuing a challenge to a terminal, and the rules its answer must meet to use it up.</summary>
public static class TerminalChallengeDecider
{
    /// <summary>How long a challenge can be answered: enough for a shopper to turn their head, too short to shop it around.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public static TerminalChallengeIssued Issue(Terminal? terminal, Guid terminalId, ChallengePurpose purpose, string nonce, Money? amount,
        HeadMovement? movement, int? frames, DateTimeOffset now)
    {
        if (terminal is null || terminal.Id != terminalId)
            throw new DomainRuleViolation(RuleCodes.NotFound, $"Terminal {terminalId} does not exist.");
        if (terminal.Status != TerminalStatus.Active)
            throw new DomainRuleViolation(RuleCodes.TerminalNotActive, "The terminal is suspended.");
        if (purpose == ChallengePurpose.Capture && amount is not { IsPositive: true })
            throw new DomainRuleViolation(RuleCodes.AmountNotPositive, "A capture challenge is bound to the payment's amount, which must be positive.");
        return new TerminalChallengeIssued(TerminalChallenge.IdOf(nonce), terminalId, purpose, nonce, amount?.Minor, amount?.Currency.Code,
            movement, frames, now, now + Lifetime);
    }

    /// <summary>
    /// The answer uses the challenge up: it must be this terminal's, for this purpose (and, for a capture, this amount),
    /// unused and not expired. Another terminal's challenge is "unknown" to it: nothing says it exists.
    /// </summary>
    /// <exception cref="DomainRuleViolation">challenge_unknown, challenge_used, challenge_expired or challenge_other_amount.</exception>
    public static TerminalChallengeUsed Use(TerminalChallenge? challenge, Guid terminalId, ChallengePurpose purpose, Money? amount, string usedBy,
        DateTimeOffset now)
    {
        if (challenge is null || challenge.TerminalId != terminalId || challenge.Purpose != purpose)
            throw new DomainRuleViolation(CaptureRuleCodes.ChallengeUnknown, "This terminal has no such challenge: ask for a new one.");
        if (challenge.UsedBy is not null)
            throw new DomainRuleViolation(CaptureRuleCodes.ChallengeUsed, "The challenge was already answered: each one is good for one answer.");
        if (now > challenge.ExpiresAt)
            throw new DomainRuleViolation(CaptureRuleCodes.ChallengeExpired,
                $"The challenge expired at {challenge.ExpiresAt:O}: ask for a new one ({Lifetime.TotalSeconds:0} s to answer).");
        if (purpose == ChallengePurpose.Capture && challenge.Amount != amount)
            throw new DomainRuleViolation(CaptureRuleCodes.ChallengeOtherAmount,
                "The challenge was issued for another amount or currency: a capture is bound to the payment it was taken for.");
        return new TerminalChallengeUsed(challenge.Id, terminalId, usedBy, now);
    }
}
