using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// Wrong PINs are counted on their own (face-pay-v2): only a right PIN or an operator's unlock clears them, and the
/// third in a row locks face pay however much time passed between them. Under v1 a small payment that needed no PIN
/// cleared the count, so a PIN could be guessed two at a time forever.
/// </summary>
public partial class PayByFaceTests
{
    [Fact]
    public void A_second_wrong_pin_is_the_second_rejection_and_does_not_lock()
    {
        Given([.. FaceReady(Eur(80m)), PinRejectedAgo(Minutes(5), 1)])
            .When(PayWithFace(Eur(25m), pin: PinCheck.Incorrect))
            .Then(Verified(), Declined(Eur(25m), DeclineReason.PinIncorrect, FaceInputs(Eur(80m))), PinRejected(2));
    }

    [Fact]
    public void The_third_wrong_pin_in_a_row_locks_face_pay_even_days_after_the_others()
    {
        Given([.. FaceReady(Eur(80m)), PinRejectedAgo(TimeSpan.FromDays(3), 1), PinRejectedAgo(TimeSpan.FromDays(2), 2)])
            .When(PayWithFace(Eur(25m), pin: PinCheck.Incorrect))
            .Then(Verified(), Declined(Eur(25m), DeclineReason.PinIncorrect, FaceInputs(Eur(80m))), PinRejected(3), LockedByPin(3));
    }

    [Fact]
    public void A_small_payment_that_needs_no_pin_clears_face_failures_but_not_pin_rejections()
    {
        Given([.. FaceReady(Eur(80m)), FailedAgo(Minutes(6)), PinRejectedAgo(Minutes(5), 1), PinRejectedAgo(Minutes(4), 2)])
            .When(PayWithFace(Eur(5m)))
            .Then(Verified(), Authorized(Eur(5m), FaceInputs(Eur(80m))), Debited(Eur(5m)), Cleared());
    }

    [Fact]
    public void After_two_wrong_pins_and_a_small_payment_the_next_wrong_pin_locks()
    {
        Given([.. FaceReady(Eur(80m)), PinRejectedAgo(Minutes(5), 1), PinRejectedAgo(Minutes(4), 2), PaidSmallAgo(Minutes(3))])
            .When(PayWithFace(Eur(25m), pin: PinCheck.Incorrect))
            .Then(Verified(), Declined(Eur(25m), DeclineReason.PinIncorrect, FaceInputs(Eur(75m), usedToday: Eur(5m), countToday: 1)),
                PinRejected(3), LockedByPin(3));
    }

    [Fact]
    public void A_right_pin_clears_the_pin_rejections()
    {
        Given([.. FaceReady(Eur(80m)), PinRejectedAgo(Minutes(5), 1), PinRejectedAgo(Minutes(4), 2)])
            .When(PayWithFace(Eur(25m), pin: PinCheck.Correct))
            .Then(Verified(), Authorized(Eur(25m), FaceInputs(Eur(80m))), Debited(Eur(25m)), PinAccepted());
    }
}
