using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Wallets;

public class FreezeWalletTests
{
    private static FreezeWallet Freeze() => new(WalletId, "fraud alert", Today);

    [Fact]
    public void An_active_wallet_is_frozen_with_the_reason()
    {
        Given(Opened())
            .When(Freeze())
            .Then(new WalletFrozen(WalletId, "fraud alert", Today));
    }

    [Fact]
    public void Freezing_a_frozen_wallet_records_nothing()
    {
        Given(Opened(), new WalletFrozen(WalletId, "first alert", Today.AddHours(-1)))
            .When(Freeze())
            .ThenNothing();
    }

    [Fact]
    public void A_closed_wallet_cannot_be_frozen()
    {
        Given(Opened(), new WalletClosed(WalletId, Today.AddHours(-1)))
            .When(Freeze())
            .ThenRefused(RuleCodes.WalletClosed);
    }

    [Fact]
    public void An_unknown_wallet_cannot_be_frozen()
    {
        Given()
            .When(Freeze())
            .ThenRefused(RuleCodes.NotFound);
    }
}
