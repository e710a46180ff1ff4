using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Wallets;

public class CloseWalletTests
{
    private static CloseWallet Close() => new(WalletId, Today);

    [Fact]
    public void A_wallet_at_zero_is_closed()
    {
        Given(Opened())
            .When(Close())
            .Then(new WalletClosed(WalletId, Today));
    }

    [Fact]
    public void A_wallet_brought_back_to_zero_by_a_payout_can_be_closed()
    {
        Given(Opened(), ToppedUp(Eur(40m)), new WalletPaidOut(WalletId, PayoutId, Eur(40m), "IBAN DE02", Today.AddHours(-1)))
            .When(Close())
            .Then(new WalletClosed(WalletId, Today));
    }

    [Fact]
    public void A_wallet_holding_one_minor_unit_cannot_be_closed()
    {
        Given(Opened(), ToppedUp(EurMinor(1)))
            .When(Close())
            .ThenRefused(RuleCodes.BalanceNotZero);
    }

    [Fact]
    public void A_frozen_wallet_at_zero_can_be_closed()
    {
        Given(Opened(), new WalletFrozen(WalletId, "fraud alert", Today.AddHours(-1)))
            .When(Close())
            .Then(new WalletClosed(WalletId, Today));
    }

    [Fact]
    public void Closing_a_closed_wallet_records_nothing()
    {
        Given(Opened(), new WalletClosed(WalletId, Today.AddHours(-1)))
            .When(Close())
            .ThenNothing();
    }
}
