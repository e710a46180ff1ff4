using Ledger.Domain.Capture;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Capture.CaptureTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Capture;

/// <summary>A challenge is this terminal's, for one purpose (and amount), answered once within its sixty seconds.</summary>
public sealed class TerminalChallengeTests
{
    private static DomainRuleViolation Refusal(Action act) => Assert.Throws<DomainRuleViolation>(act);

    [Fact]
    public void A_capture_challenge_is_bound_to_the_terminal_and_amount_and_lives_sixty_seconds()
    {
        var issued = TerminalChallengeDecider.Issue(Till(), TerminalId, ChallengePurpose.Capture, Nonce, Eur(12.50m), HeadMovement.TurnLeft, 3, Today);

        Assert.Equal(TerminalChallenge.IdOf(Nonce), issued.ChallengeId);
        Assert.Equal((1250L, "EUR"), (issued.AmountMinor!.Value, issued.Currency!));
        Assert.Equal(Today.AddSeconds(60), issued.ExpiresAt);
        Assert.Equal(Eur(12.50m), TerminalChallenge.Evolve(null, issued)!.Amount);
    }

    [Fact]
    public void No_challenge_for_an_unknown_or_suspended_terminal_or_a_capture_without_a_positive_amount()
    {
        Assert.Equal(RuleCodes.NotFound, Refusal(() => TerminalChallengeDecider.Issue(null, TerminalId, ChallengePurpose.DeviceKey, Nonce, null, null, null, Today)).Code);
        var suspended = Till() with { Status = TerminalStatus.Suspended };
        Assert.Equal(RuleCodes.TerminalNotActive,
            Refusal(() => TerminalChallengeDecider.Issue(suspended, TerminalId, ChallengePurpose.DeviceKey, Nonce, null, null, null, Today)).Code);
        Assert.Equal(RuleCodes.AmountNotPositive,
            Refusal(() => TerminalChallengeDecider.Issue(Till(), TerminalId, ChallengePurpose.Capture, Nonce, Eur(0m), null, null, Today)).Code);
    }

    [Fact]
    public void Answered_at_the_last_instant_it_is_used_up_and_a_tick_later_it_has_expired()
    {
        var used = TerminalChallengeDecider.Use(Challenge(), TerminalId, ChallengePurpose.Capture, Eur(12.50m), "payment", Today.AddSeconds(60));
        Assert.Equal("payment", TerminalChallenge.Evolve(Challenge(), used)!.UsedBy);

        Assert.Equal(CaptureRuleCodes.ChallengeExpired, Refusal(() =>
            TerminalChallengeDecider.Use(Challenge(), TerminalId, ChallengePurpose.Capture, Eur(12.50m), "p", Today.AddSeconds(60).AddTicks(1))).Code);
    }

    [Fact]
    public void A_used_challenge_does_not_answer_again()
    {
        Assert.Equal(CaptureRuleCodes.ChallengeUsed, Refusal(() =>
            TerminalChallengeDecider.Use(Challenge(usedBy: "first"), TerminalId, ChallengePurpose.Capture, Eur(12.50m), "second", Today)).Code);
    }

    [Fact]
    public void Another_terminals_challenge_or_one_for_another_purpose_is_unknown_here()
    {
        Assert.Equal(CaptureRuleCodes.ChallengeUnknown, Refusal(() =>
            TerminalChallengeDecider.Use(Challenge(terminalId: Guid.NewGuid()), TerminalId, ChallengePurpose.Capture, Eur(12.50m), "p", Today)).Code);
        Assert.Equal(CaptureRuleCodes.ChallengeUnknown, Refusal(() =>
            TerminalChallengeDecider.Use(Challenge(ChallengePurpose.DeviceKey), TerminalId, ChallengePurpose.Capture, Eur(12.50m), "p", Today)).Code);
        Assert.Equal(CaptureRuleCodes.ChallengeUnknown, Refusal(() =>
            TerminalChallengeDecider.Use(null, TerminalId, ChallengePurpose.Capture, Eur(12.50m), "p", Today)).Code);
    }

    [Fact]
    public void A_capture_challenge_binds_its_amount_to_the_minor_unit_and_its_currency()
    {
        Assert.Equal(CaptureRuleCodes.ChallengeOtherAmount, Refusal(() =>
            TerminalChallengeDecider.Use(Challenge(), TerminalId, ChallengePurpose.Capture, Eur(12.51m), "p", Today)).Code);
        Assert.Equal(CaptureRuleCodes.ChallengeOtherAmount, Refusal(() =>
            TerminalChallengeDecider.Use(Challenge(), TerminalId, ChallengePurpose.Capture, Money.FromDecimal(12.50m, Currency.Of("USD")), "p", Today)).Code);
    }

    [Fact]
    public void A_nonce_is_22_base64url_characters_of_128_random_bits()
    {
        var nonce = TerminalChallenge.NewNonce();
        Assert.True(TerminalChallenge.IsWellFormedNonce(nonce));
        Assert.NotEqual(nonce, TerminalChallenge.NewNonce());
        Assert.False(TerminalChallenge.IsWellFormedNonce(nonce + "A"));
        Assert.False(TerminalChallenge.IsWellFormedNonce(nonce[..21] + "="));
    }
}
