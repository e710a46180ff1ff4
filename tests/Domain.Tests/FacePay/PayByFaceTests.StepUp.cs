using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// How much the policy asks: the full phone number on a customer's first use at a merchant, the last four digits
/// for a regular, a PIN above an amount (the test policy: 20.00). A matched face that did not give what was
/// asked is recorded as verified and then declined with what is missing.
/// </summary>
public partial class PayByFaceTests
{
    private static readonly FaceEvidence LastFour = Evidence(hint: CustomerHintKind.PhoneLastFour);

    [Fact]
    public void The_last_four_digits_at_a_merchant_the_customer_never_paid_are_not_enough()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m), LastFour))
            .Then(
                Verified(LastFour),
                Declined(Eur(10m), DeclineReason.FullPhoneNumberRequired, FaceInputs(Eur(80m), LastFour)))
            .AndWallet(wallet => Assert.False(wallet.Biometrics.IsRegularAt(MerchantId)));
    }

    [Fact]
    public void The_whole_phone_number_at_a_new_merchant_is_enough()
    {
        var wholeNumber = Evidence(hint: CustomerHintKind.PhoneNumber);
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m), wholeNumber))
            .Then(Verified(wholeNumber), Authorized(Eur(10m), FaceInputs(Eur(80m), wholeNumber)), Debited(Eur(10m)))
            .AndWallet(wallet => Assert.True(wallet.Biometrics.IsRegularAt(MerchantId)));
    }

    [Fact]
    public void A_known_customer_verified_one_to_one_needs_no_phone_number()
    {
        var loyaltyCard = Evidence(hint: CustomerHintKind.Wallet);
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(10m), loyaltyCard))
            .Then(Verified(loyaltyCard), Authorized(Eur(10m), FaceInputs(Eur(80m), loyaltyCard)), Debited(Eur(10m)));
    }

    [Fact]
    public void A_regular_may_give_only_the_last_four_digits()
    {
        Given(FaceReady(Eur(80m)), PaidBefore(MerchantId, Eur(10m)))
            .When(PayWithFace(Eur(10m), LastFour))
            .Then(Verified(LastFour), Authorized(Eur(10m), FaceInputs(Eur(70m), LastFour)), Debited(Eur(10m)));
    }

    [Fact]
    public void A_regular_pushed_out_by_newer_merchants_gives_the_whole_number_again()
    {
        var newer = Enumerable.Range(0, FaceProfile.MerchantsRemembered).Select(_ => PaidBefore(Guid.NewGuid(), Eur(1m)));
        Given([FaceReady(Eur(80m)), PaidBefore(MerchantId, Eur(1m)), .. newer])
            .When(PayWithFace(Eur(10m), LastFour))
            .Then(
                Verified(LastFour),
                Declined(Eur(10m), DeclineReason.FullPhoneNumberRequired, FaceInputs(Eur(47m), LastFour)));
    }

    [Fact]
    public void Being_a_regular_at_another_merchant_does_not_count()
    {
        Given(FaceReady(Eur(80m)), PaidBefore(OtherMerchantId, Eur(10m)))
            .When(PayWithFace(Eur(10m), LastFour))
            .Then(
                Verified(LastFour),
                Declined(Eur(10m), DeclineReason.FullPhoneNumberRequired, FaceInputs(Eur(70m), LastFour)));
    }

    [Fact]
    public void A_first_payment_with_the_whole_number_makes_the_customer_a_regular_there()
    {
        var ledger = new FaceLedger(Policy, Gates);
        foreach (var @event in Support.History.Flatten(FaceReady(Eur(80m)))) ledger.Apply(@event);

        ledger.Execute(PayWithFace(Eur(10m), Evidence(hint: CustomerHintKind.PhoneNumber), paymentId: Guid.NewGuid()));
        var next = ledger.Execute(PayWithFace(Eur(10m), LastFour, at: Today.AddMinutes(5), paymentId: Guid.NewGuid()));

        Assert.IsType<PaymentAuthorized>(next[1]);
    }

    [Fact]
    public void Exactly_the_pin_amount_is_paid_without_a_pin()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(20m)))
            .Then(Verified(), Authorized(Eur(20m), FaceInputs(Eur(80m))), Debited(Eur(20m)));
    }

    [Theory]
    [InlineData(PinCheck.Missing)]
    [InlineData(PinCheck.NotRequired)]
    public void One_cent_above_the_pin_amount_without_a_pin_is_declined_as_pin_required(PinCheck pin)
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(20.01m), pin: pin))
            .Then(Verified(), Declined(Eur(20.01m), DeclineReason.PinRequired, FaceInputs(Eur(80m))))
            .AndWallet(wallet => Assert.True(wallet.Biometrics.Failures.IsEmpty));
    }

    [Fact]
    public void A_wrong_pin_is_declined_and_counted_as_a_pin_rejection()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(20.01m), pin: PinCheck.Incorrect))
            .Then(
                Verified(),
                Declined(Eur(20.01m), DeclineReason.PinIncorrect, FaceInputs(Eur(80m))),
                PinRejected(1));
    }

    [Fact]
    public void The_right_pin_above_the_pin_amount_is_authorized()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(20.01m), pin: PinCheck.Correct))
            .Then(Verified(), Authorized(Eur(20.01m), FaceInputs(Eur(80m))), Debited(Eur(20.01m)));
    }

    [Fact]
    public void A_first_visit_asks_for_the_whole_number_before_the_pin()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(25m), LastFour, PinCheck.Missing))
            .Then(
                Verified(LastFour),
                Declined(Eur(25m), DeclineReason.FullPhoneNumberRequired, FaceInputs(Eur(80m), LastFour)));
    }

    [Fact]
    public void The_pin_amount_of_the_policy_in_force_decides()
    {
        Given(FaceReady(Eur(80m)))
            .Under(Policy with { PinAbove = 5m })
            .When(PayWithFace(Eur(10m)))
            .Then(
                Verified(),
                Declined(Eur(10m), DeclineReason.PinRequired, FaceInputs(Eur(80m))));
    }
}
