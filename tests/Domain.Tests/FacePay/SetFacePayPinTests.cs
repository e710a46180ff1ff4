using Ledger.Domain.FacePay;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>The PIN asked above the policy's amount: the event says it was set, never what it is.</summary>
public class SetFacePayPinTests
{
    private static SetFacePayPin SetPin() => new(WalletId, Today);

    [Fact]
    public void Setting_a_pin_is_recorded_without_the_pin()
    {
        Given(FaceReady(Eur(80m)))
            .When(SetPin())
            .Then(new FacePayPinSet(WalletId, Today));
    }

    [Fact]
    public void Changing_the_pin_is_recorded_again()
    {
        Given(FaceReady(Eur(80m)), new FacePayPinSet(WalletId, Today.AddDays(-1)))
            .When(SetPin())
            .Then(new FacePayPinSet(WalletId, Today));
    }

    [Fact]
    public void A_closed_wallet_cannot_set_a_pin()
    {
        Given(FaceReady(Eur(80m)), new WalletClosed(WalletId, Today.AddHours(-1)))
            .When(SetPin())
            .ThenRefused(RuleCodes.WalletClosed);
    }

    [Fact]
    public void An_unknown_wallet_is_refused()
    {
        Given()
            .When(SetPin())
            .ThenRefused(RuleCodes.NotFound);
    }
}
