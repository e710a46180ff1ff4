using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Wallets;

public class UnfreezeWalletTests
{
    [Fact]
    public void A_frozen_wallet_is_unfrozen()
    {
        Given(Opened(), new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-1)))
            .When(new UnfreezeWallet(WalletId, Today))
            .Then(new WalletUnfrozen(WalletId, Today));
    }

    [Fact]
    public void Unfreezing_an_active_wallet_records_nothing()
    {
        Given(Opened())
            .When(new UnfreezeWallet(WalletId, Today))
            .ThenNothing();
    }

    [Fact]
    public void A_closed_wallet_cannot_be_unfrozen()
    {
        Given(Opened(), new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-2)), new WalletClosed(WalletId, Today.AddHours(-1)))
            .When(new UnfreezeWallet(WalletId, Today))
            .ThenRefused(RuleCodes.WalletClosed);
    }
}
