using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// Erasure: the customer withdraws consent, face pay ends and the data key is destroyed (crypto-shredding), recorded
/// as an event; the money history stays as it was.
/// </summary>
public class WithdrawBiometricConsentTests
{
    private static WithdrawBiometricConsent Withdraw() => new(WalletId, "customer request", Today);

    [Fact]
    public void Withdrawing_consent_ends_face_pay_and_erases_the_template()
    {
        Given(FaceReady(Eur(80m)))
            .When(Withdraw())
            .Then(
                new FacePayDisabled(WalletId, Today),
                new BiometricDataErased(WalletId, TemplateId, "customer request", Today))
            .AndWallet(wallet =>
            {
                Assert.False(wallet.FacePayEnabled);
                Assert.True(wallet.Biometrics.Erased);
                Assert.Null(wallet.Biometrics.Template);
                Assert.Equal(Eur(80m), wallet.Balance);
            });
    }

    [Fact]
    public void Withdrawing_consent_twice_records_nothing_the_second_time()
    {
        Given(FaceReady(Eur(80m)),
                new FacePayDisabled(WalletId, Today.AddHours(-1)),
                new BiometricDataErased(WalletId, TemplateId, "customer request", Today.AddHours(-1)))
            .When(Withdraw())
            .ThenNothing();
    }

    [Fact]
    public void Withdrawing_consent_after_face_pay_was_only_switched_off_still_erases_the_template()
    {
        Given(FaceReady(Eur(80m)), new FacePayDisabled(WalletId, Today.AddHours(-1)))
            .When(Withdraw())
            .Then(new BiometricDataErased(WalletId, TemplateId, "customer request", Today))
            .AndWallet(wallet => Assert.Null(wallet.Biometrics.Template));
    }

    [Fact]
    public void Withdrawing_consent_before_any_enrolment_only_ends_face_pay()
    {
        Given(JustOpened(), Consented())
            .When(Withdraw())
            .Then(new FacePayDisabled(WalletId, Today));
    }

    [Fact]
    public void A_closed_wallet_can_still_have_its_biometric_data_erased()
    {
        Given(JustOpened(), Consented(), Enrolled(), new WalletClosed(WalletId, Today.AddDays(-1)))
            .When(Withdraw())
            .Then(
                new FacePayDisabled(WalletId, Today),
                new BiometricDataErased(WalletId, TemplateId, "customer request", Today));
    }

    [Fact]
    public void An_unknown_wallet_is_refused()
    {
        Given()
            .When(Withdraw())
            .ThenRefused(RuleCodes.NotFound);
    }
}
