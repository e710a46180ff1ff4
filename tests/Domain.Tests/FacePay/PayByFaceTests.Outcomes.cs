using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// A face that is not verified ends the attempt with FaceVerificationFailed and its reason. Only the outcomes that
/// suggest somebody else is trying (no match, ambiguous) count towards the customer's lock-out; a capture without a
/// usable face or a customer without a comparable template says nothing about who stands at the till.
/// </summary>
public partial class PayByFaceTests
{
    [Theory]
    [InlineData(FaceOutcome.NoMatch, DeclineReason.FaceNoMatch, "face_no_match")]
    [InlineData(FaceOutcome.Ambiguous, DeclineReason.FaceAmbiguous, "face_ambiguous")]
    public void A_face_that_may_be_someone_else_is_declined_and_counts_as_a_failure(FaceOutcome outcome, DeclineReason reason, string failure)
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m), Evidence(outcome)))
            .Then(
                VerificationFailed(Eur(10m), reason, Evidence(outcome)),
                FailureRecorded(failure))
            .AndWallet(wallet =>
            {
                Assert.Equal(Eur(80m), wallet.Balance);
                Assert.Equal([Today], wallet.Biometrics.Failures.Failures);
            });
    }

    [Theory]
    [InlineData(FaceOutcome.NoFace, DeclineReason.NoFaceDetected)]
    [InlineData(FaceOutcome.MultipleFaces, DeclineReason.MultipleFaces)]
    [InlineData(FaceOutcome.NotEnrolled, DeclineReason.NotEnrolled)]
    [InlineData(FaceOutcome.ModelMismatch, DeclineReason.ReenrolmentRequired)]
    public void A_capture_or_template_that_cannot_be_compared_is_declined_without_counting(FaceOutcome outcome, DeclineReason reason)
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m), Evidence(outcome)))
            .Then(VerificationFailed(Eur(10m), reason, Evidence(outcome)))
            .AndWallet(wallet => Assert.True(wallet.Biometrics.Failures.IsEmpty));
    }

    [Fact]
    public void A_declined_verification_is_a_payment_with_its_evidence_and_no_limit_inputs()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m), Evidence(FaceOutcome.Ambiguous)))
            .AndPayment(payment =>
            {
                Assert.Equal(PaymentStatus.Declined, payment.Status);
                Assert.Equal(DeclineReason.FaceAmbiguous, payment.DeclineReason);
                Assert.Equal(Evidence(FaceOutcome.Ambiguous), payment.Face);
                Assert.Null(payment.Inputs);
            });
    }

    [Fact]
    public void A_search_that_named_nobody_is_declined_without_a_wallet_and_counts_against_no_one()
    {
        var noMatch = Evidence(FaceOutcome.NoMatch, CustomerHintKind.PhoneLastFour) with { TemplateId = null, Candidates = 4 };

        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m), noMatch) with { WalletId = null })
            .Then(new FaceVerificationFailed(PaymentId, null, MerchantId, TerminalId, Eur(10m), DeclineReason.FaceNoMatch, noMatch, Policy.Version, Today))
            .AndWallet(wallet => Assert.True(wallet.Biometrics.Failures.IsEmpty));
    }

    [Fact]
    public void A_face_that_is_not_verified_is_declined_even_when_the_wallet_could_pay()
    {
        Given(FaceReady(Eur(80m)), PaidBefore(MerchantId, Eur(1m)))
            .When(PayWithFace(Eur(1m), Evidence(FaceOutcome.NoMatch, CustomerHintKind.Wallet)))
            .Then(
                VerificationFailed(Eur(1m), DeclineReason.FaceNoMatch, Evidence(FaceOutcome.NoMatch, CustomerHintKind.Wallet)),
                FailureRecorded("face_no_match"));
    }
}
