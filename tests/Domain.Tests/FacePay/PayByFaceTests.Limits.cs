using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// A verified face is not a licence to spend: the wallet's own rules (state, consent, per-payment, daily count and
/// amount, balance) still decide, and the decline is recorded after the verification with the same limit inputs
/// as a card-free payment.
/// </summary>
public partial class PayByFaceTests
{
    [Fact]
    public void A_matching_face_without_the_funds_is_verified_then_declined_for_insufficient_funds()
    {
        Given(FaceReady(Eur(5m)))
            .When(PayWithFace(Eur(10m)))
            .Then(Verified(), Declined(Eur(10m), DeclineReason.InsufficientFunds, FaceInputs(Eur(5m))))
            .AndWallet(wallet => Assert.Equal(Eur(5m), wallet.Balance));
    }

    [Fact]
    public void A_matching_face_with_the_right_pin_still_meets_the_per_payment_limit()
    {
        Given(FaceReady(Eur(80m)))
            .When(PayWithFace(Eur(50.01m), pin: PinCheck.Correct))
            .Then(Verified(), Declined(Eur(50.01m), DeclineReason.PerPaymentLimitExceeded, FaceInputs(Eur(80m))));
    }

    [Fact]
    public void A_matching_face_still_meets_the_daily_count()
    {
        Given(FaceReady(Eur(80m)),
                EarlierPayment(Eur(1m), Today.AddHours(-3)), EarlierPayment(Eur(1m), Today.AddHours(-2)), EarlierPayment(Eur(1m), Today.AddHours(-1)))
            .When(PayWithFace(Eur(1m)))
            .Then(Verified(), Declined(Eur(1m), DeclineReason.DailyCountLimitExceeded, FaceInputs(Eur(77m), usedToday: Eur(3m), countToday: 3)));
    }

    [Fact]
    public void A_matching_face_on_a_frozen_wallet_is_declined_as_frozen()
    {
        Given(FaceReady(Eur(80m)), new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-1)))
            .When(PayWithFace(Eur(10m)))
            .Then(Verified(), Declined(Eur(10m), DeclineReason.WalletFrozen, FaceInputs(Eur(80m), status: WalletStatus.Frozen)));
    }

    [Fact]
    public void A_matching_face_after_face_pay_was_switched_off_is_declined_for_want_of_consent()
    {
        Given(FaceReady(Eur(80m)), new FacePayDisabled(WalletId, Today.AddHours(-1)))
            .When(PayWithFace(Eur(10m)))
            .Then(Verified(), Declined(Eur(10m), DeclineReason.FacePayNotEnabled, FaceInputs(Eur(80m), facePay: false)));
    }

    [Fact]
    public void A_wallet_without_consent_is_declined_for_it_before_the_shopper_is_asked_for_a_number_or_a_pin()
    {
        var lastFour = Evidence(hint: CustomerHintKind.PhoneLastFour);
        Given(FaceReady(Eur(80m)), new FacePayDisabled(WalletId, Today.AddHours(-1)))
            .When(PayWithFace(Eur(30m), lastFour))
            .Then(Verified(lastFour), Declined(Eur(30m), DeclineReason.FacePayNotEnabled, FaceInputs(Eur(80m), lastFour, facePay: false)));
    }

    [Fact]
    public void A_frozen_wallet_is_declined_as_frozen_before_any_step_up()
    {
        var lastFour = Evidence(hint: CustomerHintKind.PhoneLastFour);
        Given(FaceReady(Eur(80m)), new WalletFrozen(WalletId, "fraud review", Today.AddHours(-1)))
            .When(PayWithFace(Eur(30m), lastFour))
            .Then(Verified(lastFour), Declined(Eur(30m), DeclineReason.WalletFrozen, FaceInputs(Eur(80m), lastFour, status: WalletStatus.Frozen)));
    }

    [Fact]
    public void A_verified_face_ends_the_failure_streak_even_when_the_wallet_declines_the_amount()
    {
        Given(FaceReady(Eur(5m)), FailedAgo(Minutes(10)), FailedAgo(Minutes(5)))
            .When(PayWithFace(Eur(10m)))
            .Then(Verified(), Declined(Eur(10m), DeclineReason.InsufficientFunds, FaceInputs(Eur(5m))), Cleared());
    }
}
