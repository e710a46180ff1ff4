using Ledger.Domain.FacePay;
using static Ledger.Domain.Tests.FacePay.FaceScenario;
using static Ledger.Domain.Tests.FacePay.FaceTestData;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>A PIN reset (two operators agreed on it) only clears the PIN: nobody learns or chooses the next one.</summary>
public class ResetFacePayPinTests
{
    [Fact]
    public void A_reset_is_recorded_without_any_pin()
    {
        Given(FaceReady(Eur(80m)), new FacePayPinSet(WalletId, Today.AddDays(-1)))
            .When(new ResetFacePayPin(WalletId, Today))
            .Then(new FacePayPinReset(WalletId, Today));
    }

    [Fact]
    public void An_unknown_wallet_is_refused()
    {
        Given()
            .When(new ResetFacePayPin(WalletId, Today))
            .ThenRefused(Domain.RuleCodes.NotFound);
    }
}
