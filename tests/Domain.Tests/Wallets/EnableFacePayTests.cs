using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Wallets;

public class EnableFacePayTests
{
    private static EnableFacePay Enable(string policy = ConsentPolicy) => new(WalletId, policy, Today);

    [Fact]
    public void Consent_to_face_pay_is_recorded_with_its_policy_version()
    {
        Given(Opened())
            .When(Enable())
            .Then(new FacePayEnabled(WalletId, ConsentPolicy, null, Today));
    }

    [Fact]
    public void Consenting_again_to_the_same_policy_records_nothing()
    {
        Given(Opened(), FacePayOn())
            .When(Enable())
            .ThenNothing();
    }

    [Fact]
    public void Consenting_to_a_newer_policy_is_recorded_again()
    {
        Given(Opened(), FacePayOn())
            .When(Enable("face-consent-2027-01"))
            .Then(new FacePayEnabled(WalletId, "face-consent-2027-01", null, Today));
    }

    [Fact]
    public void Consent_given_again_after_withdrawal_is_recorded()
    {
        Given(Opened(), FacePayOn(), new FacePayDisabled(WalletId, Today.AddHours(-1)))
            .When(Enable())
            .Then(new FacePayEnabled(WalletId, ConsentPolicy, null, Today));
    }

    [Fact]
    public void A_frozen_wallet_may_still_record_consent()
    {
        Given(Opened(), new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-1)))
            .When(Enable())
            .Then(new FacePayEnabled(WalletId, ConsentPolicy, null, Today));
    }

    [Fact]
    public void A_closed_wallet_cannot_enable_face_pay()
    {
        Given(Opened(), new WalletClosed(WalletId, Today.AddHours(-1)))
            .When(Enable())
            .ThenRefused(RuleCodes.WalletClosed);
    }
}
