using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// Every face decision records the operating point it ran at (model, metric, threshold, margin, and the calibration
/// behind the threshold), in the same commit, right after the decision: an auditor sees under which threshold a payment
/// was approved or declined.
/// </summary>
public class FaceOperatingPointTests
{
    private static readonly FaceOperatingPoint Point = new(ModelId, "cosine", 0.333f, 0.02775f, FaceOperatingPoint.Calibrated, 2, 0.333, 1e-4, 700, 0,
        0.00427, "../shared/faces, 40 crops");

    private static FaceOperatingPointRecorded Recorded() => new(PaymentId, Point, Today);

    [Fact]
    public void An_approved_face_payment_records_the_operating_point_after_its_decision()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m)) with { OperatingPoint = Point })
            .Then(Verified(), Authorized(Eur(10m), FaceInputs(Eur(80m))), Recorded(), Debited(Eur(10m)))
            .AndPayment(payment => Assert.Equal(Point, payment.OperatingPoint));
    }

    [Fact]
    public void A_failed_verification_records_the_operating_point_it_failed_under()
    {
        var noMatch = Evidence(FaceOutcome.NoMatch);
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m), noMatch) with { OperatingPoint = Point })
            .Then(VerificationFailed(Eur(10m), DeclineReason.FaceNoMatch, noMatch), Recorded(), FailureRecorded("face_no_match"))
            .AndPayment(payment => Assert.Equal(0.333f, payment.OperatingPoint!.Threshold));
    }

    [Fact]
    public void A_payment_declined_by_the_limits_records_it_as_well()
    {
        Given(FaceReady(Eur(5m)))
            .When(PayWithFace(Eur(10m)) with { OperatingPoint = Point })
            .Then(Verified(), Declined(Eur(10m), DeclineReason.InsufficientFunds, FaceInputs(Eur(5m))), Recorded())
            .AndPayment(payment => Assert.Equal(FaceOperatingPoint.Calibrated, payment.OperatingPoint!.ThresholdSource));
    }
}
