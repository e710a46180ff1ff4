using Ledger.Domain.FacePay;
using Ledger.Domain.PaymentCodes;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Terminals;

/// <summary>The synchronous attempt limit of a till: 5 failed customer-factor attempts within a minute suspend it.</summary>
public sealed class TerminalAttemptsTests
{
    private static readonly TerminalAttemptPolicy Policy = TerminalAttemptPolicy.Default;

    private static readonly IPaymentEvent[] WrongCode =
        [new PaymentCodeRefused(PaymentId, null, MerchantId, TerminalId, Eur(1m), DeclineReason.PaymentCodeRejected, "wrong_code", "p", Today)];

    private static Terminal TillWithFailuresAgo(params double[] secondsAgo) =>
        secondsAgo.Aggregate(TerminalDecider.Evolve(null, Registered())!,
            (t, s) => TerminalDecider.Evolve(t, new TerminalAttemptFailed(TerminalId, Guid.NewGuid(), "payment_code", Today.AddSeconds(-s)))!);

    [Fact]
    public void The_fourth_failure_within_a_minute_is_recorded_and_the_till_stays_active()
    {
        var events = TerminalAttempts.Record(TillWithFailuresAgo(40, 30, 20), PaymentId, WrongCode, Policy, Today);

        Assert.Equal([new TerminalAttemptFailed(TerminalId, PaymentId, "payment_code", Today)], events);
    }

    [Fact]
    public void The_fifth_failure_within_a_minute_suspends_the_till_in_the_same_decision()
    {
        var events = TerminalAttempts.Record(TillWithFailuresAgo(50, 40, 30, 20), PaymentId, WrongCode, Policy, Today);

        Assert.Equal([new TerminalAttemptFailed(TerminalId, PaymentId, "payment_code", Today),
            new TerminalSuspended(TerminalId, TerminalAttempts.SuspensionReason, Today)], events);
        var suspended = events.Aggregate(TillWithFailuresAgo(50, 40, 30, 20), (t, e) => TerminalDecider.Evolve(t, e)!);
        Assert.True(suspended.ThrottledForFailedAttempts);
    }

    [Fact]
    public void Failures_a_minute_old_or_older_do_not_count()
    {
        var events = TerminalAttempts.Record(TillWithFailuresAgo(300, 61, 60, 20), PaymentId, WrongCode, Policy, Today);

        Assert.Single(events);
    }

    [Fact]
    public void A_success_or_a_capture_without_a_face_writes_nothing_at_the_till()
    {
        var evidence = new FaceEvidence(FaceOutcome.NoFace, null, null, 0.6f, 0.05f, null, 0, null, "m", "s", "d", CustomerHintKind.PhoneLastFour, 1, null, "c");
        IPaymentEvent[] noFace = [new FaceVerificationFailed(PaymentId, null, MerchantId, TerminalId, Eur(1m), DeclineReason.NoFaceDetected, evidence, "v", Today)];
        IPaymentEvent[] paid = [new PaymentAuthorized(PaymentId, WalletId, MerchantId, TerminalId, Eur(1m), Inputs(Eur(10m)), Today)];

        Assert.Empty(TerminalAttempts.Record(TillWithFailuresAgo(50, 40, 30, 20), PaymentId, noFace, Policy, Today));
        Assert.Empty(TerminalAttempts.Record(TillWithFailuresAgo(50, 40, 30, 20), PaymentId, paid, Policy, Today));
    }

    [Fact]
    public void An_operator_reactivation_clears_the_count()
    {
        var reactivated = TerminalDecider.Evolve(TillWithFailuresAgo(50, 40, 30, 20), new TerminalReactivated(TerminalId, Today))!;

        Assert.Single(TerminalAttempts.Record(reactivated, PaymentId, WrongCode, Policy, Today));
        Assert.Null(reactivated.SuspensionReason);
    }
}
