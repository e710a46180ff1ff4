using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Wallets;

public class DisableFacePayTests
{
    [Fact]
    public void Withdrawing_consent_disables_face_pay()
    {
        Given(Opened(), FacePayOn())
            .When(new DisableFacePay(WalletId, Today))
            .Then(new FacePayDisabled(WalletId, Today));
    }

    [Fact]
    public void Disabling_face_pay_that_was_never_enabled_records_nothing()
    {
        Given(Opened())
            .When(new DisableFacePay(WalletId, Today))
            .ThenNothing();
    }

    [Fact]
    public void Disabling_face_pay_twice_records_it_once()
    {
        Given(Opened(), FacePayOn(), new FacePayDisabled(WalletId, Today.AddHours(-1)))
            .When(new DisableFacePay(WalletId, Today))
            .ThenNothing();
    }
}
