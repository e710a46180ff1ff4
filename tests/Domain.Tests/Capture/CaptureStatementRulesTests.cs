using Ledger.Domain.Capture;
using Ledger.Domain.FacePay;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Capture.CaptureTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Capture;

/// <summary>A statement vouches only for the request it came with, and only once.</summary>
public sealed class CaptureStatementRulesTests
{
    private static readonly FacePaymentAttempt Attempt =
        new(TerminalId, Eur(12.50m), CustomerHint.LastFour("5678"), null, new CapturedFace([1, 2, 3]));

    private static string Refused(CaptureStatement statement, FacePaymentAttempt? attempt = null, DateTimeOffset? now = null) =>
        Assert.Throws<DomainRuleViolation>(() => CaptureStatementRules.CheckRequest(statement, attempt ?? Attempt, now ?? Today)).Code;

    [Fact]
    public void A_statement_of_this_terminal_amount_and_capture_vouches_for_the_request()
    {
        CaptureStatementRules.CheckRequest(Statement(), Attempt, Today);
    }

    [Fact]
    public void Another_terminal_amount_or_currency_is_a_mismatch()
    {
        Assert.Equal(CaptureRuleCodes.StatementMismatch, Refused(Statement(terminalId: Guid.NewGuid())));
        Assert.Equal(CaptureRuleCodes.StatementMismatch, Refused(Statement(amountMinor: 1251)));
        Assert.Equal(CaptureRuleCodes.StatementMismatch, Refused(Statement(currency: "USD")));
    }

    [Fact]
    public void Other_frames_or_a_template_where_a_capture_was_sent_are_refused()
    {
        Assert.Equal(CaptureRuleCodes.FramesMismatch, Refused(Statement(frames: [new string('0', 64)])));
        Assert.Equal(CaptureRuleCodes.FramesMismatch, Refused(Statement(frames: [FrameSha, FrameSha])));
        Assert.Equal(CaptureRuleCodes.FramesMismatch, Refused(Statement(template: new string('0', 64))));
    }

    [Fact]
    public void A_template_is_vouched_for_by_its_digest()
    {
        var template = new DeviceTemplate("m@1", [0.5f, -0.5f]);
        CaptureStatementRules.CheckRequest(Statement(template: template.Sha256), Attempt with { Probe = template }, Today);
        Assert.Equal(CaptureRuleCodes.FramesMismatch, Refused(Statement(template: new DeviceTemplate("m@1", [0.5f, 0.5f]).Sha256), Attempt with { Probe = template }));
    }

    [Fact]
    public void The_statement_time_may_be_the_challenge_lifetime_and_two_minutes_of_drift_old_or_two_minutes_ahead_and_no_more()
    {
        var oldest = Today - TerminalChallengeDecider.Lifetime - CaptureStatementRules.ClockSkew;
        CaptureStatementRules.CheckRequest(Statement(at: oldest), Attempt, Today);
        CaptureStatementRules.CheckRequest(Statement(at: Today + CaptureStatementRules.ClockSkew), Attempt, Today);
        Assert.Equal(CaptureRuleCodes.StatementMismatch, Refused(Statement(at: oldest.AddSeconds(-1))));
        Assert.Equal(CaptureRuleCodes.StatementMismatch, Refused(Statement(at: Today + CaptureStatementRules.ClockSkew + TimeSpan.FromSeconds(1))));
    }

    [Fact]
    public void A_counter_one_above_the_last_accepted_advances_and_the_same_counter_is_refused()
    {
        var advanced = CaptureStatementRules.Advance(Vouched(Statement(counter: 8)), Till(Key(lastCounter: 7)), PaymentId, Today);
        Assert.Equal((8L, KeyId), (advanced.Counter, advanced.DeviceKeyId));

        Assert.Equal(CaptureRuleCodes.CounterNotIncreasing, Assert.Throws<DomainRuleViolation>(() =>
            CaptureStatementRules.Advance(Vouched(Statement(counter: 7)), Till(Key(lastCounter: 7)), PaymentId, Today)).Code);
    }

    [Fact]
    public void A_statement_of_a_key_replaced_since_is_not_accepted()
    {
        Assert.Equal(CaptureRuleCodes.DeviceKeyMissing, Assert.Throws<DomainRuleViolation>(() =>
            CaptureStatementRules.Advance(Vouched(), Till(Key(spki: OtherSpki)), PaymentId, Today)).Code);
        Assert.Equal(CaptureRuleCodes.DeviceKeyMissing, Assert.Throws<DomainRuleViolation>(() =>
            CaptureStatementRules.Advance(Vouched(), Till(), PaymentId, Today)).Code);
    }
}
