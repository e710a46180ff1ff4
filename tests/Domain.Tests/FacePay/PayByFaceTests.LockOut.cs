using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// N consecutive failed verifications for a customer within a window lock face pay until an operator unlocks it
/// (the test policy: 3 within 30 minutes). The window is the 30 minutes that end at the attempt: a failure
/// exactly 30 minutes old has left it.
/// </summary>
public partial class PayByFaceTests
{
    private static readonly FaceEvidence NoMatch = Evidence(FaceOutcome.NoMatch);

    [Fact]
    public void The_third_failure_within_the_window_locks_face_pay()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(10)), FailedAgo(Minutes(5)))
            .When(PayWithFace(Eur(10m), NoMatch))
            .Then(
                VerificationFailed(Eur(10m), DeclineReason.FaceNoMatch, NoMatch),
                FailureRecorded("face_no_match"),
                Locked(failures: 3))
            .AndWallet(wallet => Assert.True(wallet.Biometrics.IsLocked));
    }

    [Fact]
    public void The_second_failure_does_not_lock()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(5)))
            .When(PayWithFace(Eur(10m), NoMatch))
            .Then(
                VerificationFailed(Eur(10m), DeclineReason.FaceNoMatch, NoMatch),
                FailureRecorded("face_no_match"));
    }

    [Fact]
    public void No_match_ambiguous_and_wrong_pin_count_together()
    {
        var ambiguous = Evidence(FaceOutcome.Ambiguous);
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(10), "pin_incorrect"), FailedAgo(Minutes(5), "face_no_match"))
            .When(PayWithFace(Eur(10m), ambiguous))
            .Then(
                VerificationFailed(Eur(10m), DeclineReason.FaceAmbiguous, ambiguous),
                FailureRecorded("face_ambiguous"),
                Locked(failures: 3));
    }

    [Fact]
    public void A_wrong_pin_after_two_face_failures_does_not_join_their_count()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(10)), FailedAgo(Minutes(5)))
            .When(PayWithFace(Eur(25m), pin: PinCheck.Incorrect))
            .Then(
                Verified(),
                Declined(Eur(25m), DeclineReason.PinIncorrect, FaceInputs(Eur(80m))),
                PinRejected(1));
    }

    [Fact]
    public void Failures_older_than_the_window_do_not_count()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(45)), FailedAgo(Minutes(31)), FailedAgo(Minutes(5)))
            .When(PayWithFace(Eur(10m), NoMatch))
            .Then(
                VerificationFailed(Eur(10m), DeclineReason.FaceNoMatch, NoMatch),
                FailureRecorded("face_no_match"));
    }

    [Fact]
    public void A_failure_exactly_one_window_old_has_left_the_window()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Policy.FailureWindow), FailedAgo(Minutes(5)))
            .When(PayWithFace(Eur(10m), NoMatch))
            .Then(
                VerificationFailed(Eur(10m), DeclineReason.FaceNoMatch, NoMatch),
                FailureRecorded("face_no_match"));
    }

    [Fact]
    public void A_failure_a_moment_inside_the_window_still_counts()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Policy.FailureWindow - TimeSpan.FromTicks(1)), FailedAgo(Minutes(5)))
            .When(PayWithFace(Eur(10m), NoMatch))
            .Then(
                VerificationFailed(Eur(10m), DeclineReason.FaceNoMatch, NoMatch),
                FailureRecorded("face_no_match"),
                Locked(failures: 3));
    }

    [Fact]
    public void Captures_without_a_usable_face_do_not_bring_a_lock_closer()
    {
        var noFace = Evidence(FaceOutcome.NoFace);
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(10)), FailedAgo(Minutes(5)))
            .When(PayWithFace(Eur(10m), noFace))
            .Then(VerificationFailed(Eur(10m), DeclineReason.NoFaceDetected, noFace))
            .AndWallet(wallet => Assert.False(wallet.Biometrics.IsLocked));
    }

    [Fact]
    public void A_success_after_failures_clears_them()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(10)), FailedAgo(Minutes(5)))
            .When(PayWithFace(Eur(10m)))
            .Then(Verified(), Authorized(Eur(10m), FaceInputs(Eur(80m))), Debited(Eur(10m)), Cleared())
            .AndWallet(wallet => Assert.True(wallet.Biometrics.Failures.IsEmpty));
    }

    [Fact]
    public void After_a_success_the_count_starts_again()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(10)), FailedAgo(Minutes(5)),
                new FacePayFailuresCleared(WalletId, Guid.NewGuid(), Today.AddMinutes(-4)), FailedAgo(Minutes(2)))
            .When(PayWithFace(Eur(10m), NoMatch))
            .Then(
                VerificationFailed(Eur(10m), DeclineReason.FaceNoMatch, NoMatch),
                FailureRecorded("face_no_match"));
    }

    [Fact]
    public void Three_impostor_attempts_in_a_row_lock_out_the_customer_herself()
    {
        var ledger = new FaceLedger(Policy, Gates);
        foreach (var @event in Support.History.Flatten(FaceReady(Eur(80m)))) ledger.Apply(@event);

        for (var attempt = 0; attempt < 2; attempt++)
            Assert.DoesNotContain(ledger.Execute(PayWithFace(Eur(10m), NoMatch, at: Today.AddMinutes(attempt), paymentId: Guid.NewGuid())),
                e => e is FacePayLocked);
        var third = ledger.Execute(PayWithFace(Eur(10m), NoMatch, at: Today.AddMinutes(2), paymentId: Guid.NewGuid()));
        var customer = ledger.Execute(PayWithFace(Eur(10m), at: Today.AddMinutes(3), paymentId: Guid.NewGuid()));

        Assert.Contains(new FacePayLocked(WalletId, 3, Policy.FailureWindow, Policy.Version, Today.AddMinutes(2)), third);
        Assert.Equal(DeclineReason.FacePayLocked, Assert.IsType<PaymentDeclined>(customer[1]).Reason);
        Assert.Equal(2, customer.Count);
    }
}
