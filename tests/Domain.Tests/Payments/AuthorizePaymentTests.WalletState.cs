using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Payments;

/// <summary>A frozen or closed wallet, or one without face-pay consent, gets a recorded decline.</summary>
public partial class AuthorizePaymentTests
{
    [Fact]
    public void A_payment_from_a_frozen_wallet_is_declined()
    {
        Given(ReadyToPay(Eur(80m)), new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-1)))
            .When(Pay(Eur(10m)))
            .Then(Declined(Eur(10m), DeclineReason.WalletFrozen, Inputs(balance: Eur(80m), status: WalletStatus.Frozen)));
    }

    [Fact]
    public void A_frozen_wallet_is_declined_as_frozen_even_when_a_limit_is_also_exceeded()
    {
        Given(ReadyToPay(Eur(80m)), new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-1)))
            .When(Pay(Eur(60m)))
            .Then(Declined(Eur(60m), DeclineReason.WalletFrozen, Inputs(balance: Eur(80m), status: WalletStatus.Frozen)));
    }

    [Fact]
    public void An_unfrozen_wallet_pays_again()
    {
        Given(ReadyToPay(Eur(80m)),
                new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-2)),
                new WalletUnfrozen(WalletId, Today.AddHours(-1)))
            .When(Pay(Eur(10m)))
            .Then(Authorized(Eur(10m), Inputs(balance: Eur(80m))), Debited(Eur(10m)));
    }

    [Fact]
    public void A_payment_from_a_closed_wallet_is_declined()
    {
        Given(Onboarded(), Registered(), Opened(), FacePayOn(), new WalletClosed(WalletId, Today.AddHours(-1)))
            .When(Pay(Eur(10m)))
            .Then(Declined(Eur(10m), DeclineReason.WalletClosed, Inputs(balance: Eur(0m), status: WalletStatus.Closed)));
    }

    [Fact]
    public void A_payment_from_a_wallet_that_never_consented_to_face_pay_is_declined()
    {
        Given(Onboarded(), Registered(), Opened(), ToppedUp(Eur(80m)))
            .When(Pay(Eur(10m)))
            .Then(Declined(Eur(10m), DeclineReason.FacePayNotEnabled, Inputs(balance: Eur(80m), facePay: false)));
    }

    [Fact]
    public void A_payment_after_consent_was_withdrawn_is_declined()
    {
        Given(ReadyToPay(Eur(80m)), new FacePayDisabled(WalletId, Today.AddHours(-1)))
            .When(Pay(Eur(10m)))
            .Then(Declined(Eur(10m), DeclineReason.FacePayNotEnabled, Inputs(balance: Eur(80m), facePay: false)));
    }
}
