using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Wallets;

public class WalletEvolutionTests
{
    [Fact]
    public void A_new_wallet_is_active_empty_and_without_face_pay()
    {
        var wallet = WalletEvolution.Fold([Opened()])!;

        Assert.Equal(WalletStatus.Active, wallet.Status);
        Assert.Equal(Eur(0m), wallet.Balance);
        Assert.Equal(Limits, wallet.Limits);
        Assert.False(wallet.FacePayEnabled);
        Assert.Null(wallet.ConsentPolicyVersion);
        Assert.Equal(DailyUsage.None, wallet.UsedToday);
    }

    [Fact]
    public void The_balance_follows_top_ups_debits_credits_and_payouts()
    {
        var wallet = WalletEvolution.Fold(
        [
            Opened(),
            ToppedUp(Eur(100m)),
            new WalletDebited(WalletId, PaymentId, MerchantId, Eur(30m), Today),
            new WalletCredited(WalletId, PaymentId, RefundId, Eur(10m), Today.AddMinutes(5)),
            new WalletPaidOut(WalletId, PayoutId, Eur(50m), "IBAN DE02", Today.AddMinutes(10)),
        ])!;

        Assert.Equal(Eur(30m), wallet.Balance);
    }

    [Fact]
    public void A_debit_counts_towards_the_day_of_the_payment_and_a_refund_does_not_give_it_back()
    {
        var wallet = WalletEvolution.Fold(
        [
            Opened(), ToppedUp(Eur(100m)),
            new WalletDebited(WalletId, PaymentId, MerchantId, Eur(30m), Today),
            new WalletCredited(WalletId, PaymentId, RefundId, Eur(30m), Today.AddMinutes(5)),
        ])!;

        Assert.Equal(new DailyUsage(DateOnly.FromDateTime(Today.UtcDateTime), 3000, 1), wallet.UsedToday);
    }

    [Fact]
    public void Status_and_consent_follow_their_events()
    {
        var frozen = WalletEvolution.Fold([Opened(), FacePayOn(), new WalletFrozen(WalletId, "alert", Today)])!;
        var unfrozen = WalletEvolution.Evolve(frozen, new WalletUnfrozen(WalletId, Today))!;
        var closed = WalletEvolution.Evolve(unfrozen, new WalletClosed(WalletId, Today))!;
        var withdrawn = WalletEvolution.Evolve(frozen, new FacePayDisabled(WalletId, Today))!;

        Assert.Equal(WalletStatus.Frozen, frozen.Status);
        Assert.True(frozen.FacePayEnabled);
        Assert.Equal(ConsentPolicy, frozen.ConsentPolicyVersion);
        Assert.Equal(WalletStatus.Active, unfrozen.Status);
        Assert.Equal(WalletStatus.Closed, closed.Status);
        Assert.False(withdrawn.FacePayEnabled);
    }

    [Fact]
    public void Changed_limits_replace_the_old_ones()
    {
        var raised = new WalletLimits(Eur(80m), Eur(300m), 10);

        var wallet = WalletEvolution.Fold([Opened(), new WalletLimitsChanged(WalletId, raised, Today)])!;

        Assert.Equal(raised, wallet.Limits);
    }

    [Fact]
    public void Events_before_the_wallet_was_opened_leave_no_wallet()
    {
        Assert.Null(WalletEvolution.Fold([ToppedUp(Eur(10m))]));
    }
}
