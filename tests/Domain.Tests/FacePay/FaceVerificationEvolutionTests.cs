using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>How a face attempt folds into a payment: a failed verification is a declined payment with its evidence.</summary>
public class FaceVerificationEvolutionTests
{
    private static Payment? Fold(params object[] events) => events.Aggregate((Payment?)null, PaymentDecider.Evolve);

    [Fact]
    public void A_failed_verification_is_a_declined_payment_with_its_reason_and_evidence_and_no_limit_inputs()
    {
        var noMatch = Evidence(FaceOutcome.NoMatch);
        var payment = Fold(VerificationFailed(Eur(10m), DeclineReason.FaceNoMatch, noMatch))!;

        Assert.Equal(new Payment(PaymentId, WalletId, MerchantId, TerminalId, Eur(10m), PaymentStatus.Declined, DeclineReason.FaceNoMatch,
            Eur(0m), Inputs: null, Today, noMatch), payment);
        Assert.Equal(Eur(0m), payment.Refundable);
    }

    [Fact]
    public void A_failed_verification_that_named_nobody_has_no_wallet()
    {
        var payment = Fold(new FaceVerificationFailed(PaymentId, null, MerchantId, TerminalId, Eur(10m), DeclineReason.FaceAmbiguous,
            Evidence(FaceOutcome.Ambiguous), Policy.Version, Today))!;

        Assert.Null(payment.WalletId);
        Assert.Equal(DeclineReason.FaceAmbiguous, payment.DeclineReason);
    }

    [Fact]
    public void A_verified_face_alone_is_not_yet_a_payment()
    {
        Assert.Null(Fold(Verified()));
    }

    [Fact]
    public void A_verified_face_and_its_authorization_fold_to_an_authorized_payment_that_keeps_the_evidence()
    {
        var payment = Fold(Verified(), Authorized(Eur(10m), FaceInputs(Eur(80m))))!;

        Assert.Equal(PaymentStatus.Authorized, payment.Status);
        Assert.Equal(Evidence(), payment.Face);
        Assert.Equal(FaceInputs(Eur(80m)), payment.Inputs);
        Assert.Equal(Eur(10m), payment.Refundable);
    }

    [Fact]
    public void A_verified_face_declined_by_the_wallet_keeps_the_evidence_and_the_limit_inputs()
    {
        var payment = Fold(Verified(), Declined(Eur(10m), DeclineReason.InsufficientFunds, FaceInputs(Eur(5m))))!;

        Assert.Equal(PaymentStatus.Declined, payment.Status);
        Assert.Equal(Evidence(), payment.Face);
        Assert.Equal(FaceInputs(Eur(5m)), payment.Inputs);
    }

    [Fact]
    public void A_failed_verification_cannot_be_refunded()
    {
        var payment = Fold(VerificationFailed(Eur(10m), DeclineReason.FaceNoMatch, Evidence(FaceOutcome.NoMatch)));

        var refusal = Assert.Throws<DomainRuleViolation>(() =>
            PaymentDecider.Refund(new RefundPayment(PaymentId, RefundId, Eur(10m), "mistake", Today), payment, null));
        Assert.Equal(RuleCodes.PaymentNotAuthorized, refusal.Code);
    }
}
