using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// A locked customer: face pay is declined as locked even for the right face, no further failures are recorded,
/// and only an operator's unlock ends it.
/// </summary>
public partial class PayByFaceTests
{
    [Fact]
    public void A_locked_wallet_is_declined_even_when_the_face_matches()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(3)), FailedAgo(Minutes(2)), FailedAgo(Minutes(1)), Locked(at: Today.AddMinutes(-1)))
            .When(PayWithFace(Eur(10m)))
            .Then(
                Verified(),
                Declined(Eur(10m), DeclineReason.FacePayLocked, FaceInputs(Eur(80m))))
            .AndWallet(wallet => Assert.Equal(Eur(80m), wallet.Balance));
    }

    [Fact]
    public void A_lock_outlasts_the_window_until_an_operator_unlocks_it()
    {
        Given(FaceReady(Eur(80m)), Locked(at: Today.AddDays(-2)))
            .When(PayWithFace(Eur(10m)))
            .Then(
                Verified(),
                Declined(Eur(10m), DeclineReason.FacePayLocked, FaceInputs(Eur(80m))));
    }

    [Fact]
    public void A_locked_wallet_records_no_more_failures()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(3)), FailedAgo(Minutes(2)), FailedAgo(Minutes(1)), Locked(at: Today.AddMinutes(-1)))
            .When(PayWithFace(Eur(10m), NoMatch))
            .Then(VerificationFailed(Eur(10m), DeclineReason.FaceNoMatch, NoMatch));
    }

    [Fact]
    public void A_locked_wallet_is_declined_as_locked_before_its_pin_is_judged()
    {
        Given(FaceReady(Eur(80m)), Locked(at: Today.AddMinutes(-1)))
            .When(PayWithFace(Eur(25m), pin: PinCheck.Incorrect))
            .Then(
                Verified(),
                Declined(Eur(25m), DeclineReason.FacePayLocked, FaceInputs(Eur(80m))));
    }

    [Fact]
    public void After_an_operator_unlocks_a_matching_face_pays_again()
    {
        Given(FaceReady(Eur(80m)), FailedAgo(Minutes(3)), FailedAgo(Minutes(2)), FailedAgo(Minutes(1)), Locked(at: Today.AddMinutes(-1)),
                new FacePayUnlocked(WalletId, Today.AddSeconds(-30)))
            .When(PayWithFace(Eur(10m)))
            .Then(Verified(), Authorized(Eur(10m), FaceInputs(Eur(80m))), Debited(Eur(10m)));
    }
}
