using Ledger.Domain.FacePay;
using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// Paying by face at a terminal: every outcome is an event (FaceVerified then the payment decision with its limit
/// inputs, or FaceVerificationFailed). Split by theme: the face outcomes, the lock-out, the step-up, the template
/// and the wallet's limits are in the other <c>PayByFaceTests.*.cs</c> files.
/// </summary>
public partial class PayByFaceTests
{
    [Fact]
    public void A_matching_face_within_every_limit_is_verified_then_authorized_and_debits_the_wallet()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(12.50m)))
            .Then(
                Verified(),
                Authorized(Eur(12.50m), FaceInputs(balance: Eur(80m))),
                Debited(Eur(12.50m)))
            .AndPayment(payment =>
            {
                Assert.Equal(PaymentStatus.Authorized, payment.Status);
                Assert.Equal(Evidence(), payment.Face);
                Assert.Equal(Policy.Version, payment.Inputs?.FacePolicy);
            })
            .AndWallet(wallet => Assert.Equal(Eur(67.50m), wallet.Balance));
    }

    [Fact]
    public void The_decision_records_the_face_evidence_it_rested_on()
    {
        var outcome = Given(FaceReady(Eur(80m))).When(PayWithFace(Eur(10m)));

        var authorized = Assert.IsType<PaymentAuthorized>(outcome.Events[1]);
        Assert.Equal(Evidence(), authorized.Inputs.Face);
        Assert.Equal(Policy.Version, authorized.Inputs.FacePolicy);
        Assert.Equal(LimitRules.PolicyVersion, authorized.Inputs.LimitPolicy);
    }

    [Fact]
    public void A_face_payment_at_a_suspended_terminal_is_refused()
    {
        Given(FaceReady(Eur(80m)), new TerminalSuspended(TerminalId, "tampering", Today.AddHours(-1)))
            .When(PayWithFace(Eur(10m)))
            .ThenRefused(RuleCodes.TerminalNotActive);
    }

    [Fact]
    public void A_face_payment_at_a_suspended_merchant_is_refused()
    {
        Given(FaceReady(Eur(80m)), new MerchantSuspended(MerchantId, "chargebacks", Today.AddHours(-1)))
            .When(PayWithFace(Eur(10m)))
            .ThenRefused(RuleCodes.MerchantNotActive);
    }

    [Fact]
    public void A_face_payment_at_an_unknown_terminal_is_refused()
    {
        Given(Onboarded(), Opened(), ToppedUp(Eur(80m)), Consented(), Enrolled())
            .When(PayWithFace(Eur(10m)))
            .ThenRefused(RuleCodes.NotFound);
    }

    [Theory]
    [InlineData(FaceOutcome.Match)]
    [InlineData(FaceOutcome.NoMatch)]
    public void A_face_payment_naming_a_wallet_that_does_not_exist_is_refused(FaceOutcome outcome)
    {
        Given(Onboarded(), Registered())
            .When(PayWithFace(Eur(10m), Evidence(outcome)))
            .ThenRefused(RuleCodes.NotFound);
    }

    [Fact]
    public void A_matching_face_that_names_no_wallet_is_refused()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m)) with { WalletId = null })
            .ThenRefused(RuleCodes.NotFound);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_face_payment_must_be_positive(long minor)
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(EurMinor(minor)))
            .ThenRefused(RuleCodes.AmountNotPositive);
    }

    [Fact]
    public void A_face_payment_in_another_currency_than_the_merchant_settles_in_is_refused()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Jpy(1000m)))
            .ThenRefused(RuleCodes.CurrencyMismatch);
    }

    [Fact]
    public void A_matching_face_on_a_wallet_in_another_currency_is_refused()
    {
        var yen = new WalletLimits(Jpy(5000m), Jpy(10000m), 3);
        Given(Onboarded(), Registered(), Opened(yen, JPY), ToppedUp(Jpy(8000m)), Consented(), Enrolled())
            .When(PayWithFace(Eur(10m)))
            .ThenRefused(RuleCodes.CurrencyMismatch);
    }
}
