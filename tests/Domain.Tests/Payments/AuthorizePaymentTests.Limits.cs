using Ledger.Domain.Payments;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.Scenario;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Payments;

/// <summary>Each limit at its boundary: exactly at the limit passes, one minor unit over is declined.</summary>
public partial class AuthorizePaymentTests
{
    [Fact]
    public void A_payment_of_exactly_the_per_payment_limit_is_authorized()
    {
        Given(ReadyToPay(Eur(80m)))
            .When(Pay(Eur(50m)))
            .Then(Authorized(Eur(50m), Inputs(balance: Eur(80m))), Debited(Eur(50m)));
    }

    [Fact]
    public void A_payment_one_cent_over_the_per_payment_limit_is_declined_with_its_inputs()
    {
        Given(ReadyToPay(Eur(80m)))
            .When(Pay(EurMinor(5001)))
            .Then(Declined(EurMinor(5001), DeclineReason.PerPaymentLimitExceeded, Inputs(balance: Eur(80m))));
    }

    [Fact]
    public void A_payment_that_brings_the_day_to_exactly_the_daily_amount_is_authorized()
    {
        Given(ReadyToPay(Eur(200m)), EarlierPayment(Eur(30m), Today.AddHours(-2)), EarlierPayment(Eur(30m), Today.AddHours(-1)))
            .When(Pay(Eur(40m)))
            .Then(
                Authorized(Eur(40m), Inputs(balance: Eur(140m), usedToday: Eur(60m), countToday: 2)),
                Debited(Eur(40m)));
    }

    [Fact]
    public void A_payment_one_cent_over_the_daily_amount_is_declined_with_what_was_used_today()
    {
        Given(ReadyToPay(Eur(200m)), EarlierPayment(Eur(30m), Today.AddHours(-2)), EarlierPayment(Eur(30m), Today.AddHours(-1)))
            .When(Pay(EurMinor(4001)))
            .Then(Declined(EurMinor(4001), DeclineReason.DailyAmountLimitExceeded,
                Inputs(balance: Eur(140m), usedToday: Eur(60m), countToday: 2)));
    }

    [Fact]
    public void The_last_payment_the_daily_count_allows_is_authorized()
    {
        Given(ReadyToPay(Eur(200m)), EarlierPayment(Eur(1m), Today.AddHours(-2)), EarlierPayment(Eur(1m), Today.AddHours(-1)))
            .When(Pay(Eur(1m)))
            .Then(
                Authorized(Eur(1m), Inputs(balance: Eur(198m), usedToday: Eur(2m), countToday: 2)),
                Debited(Eur(1m)));
    }

    [Fact]
    public void One_payment_more_than_the_daily_count_is_declined_with_the_count_so_far()
    {
        Given(ReadyToPay(Eur(200m)),
                EarlierPayment(Eur(1m), Today.AddHours(-3)),
                EarlierPayment(Eur(1m), Today.AddHours(-2)),
                EarlierPayment(Eur(1m), Today.AddHours(-1)))
            .When(Pay(Eur(1m)))
            .Then(Declined(Eur(1m), DeclineReason.DailyCountLimitExceeded,
                Inputs(balance: Eur(197m), usedToday: Eur(3m), countToday: 3)));
    }

    [Fact]
    public void A_payment_of_exactly_the_balance_is_authorized()
    {
        Given(ReadyToPay(Eur(20m)))
            .When(Pay(Eur(20m)))
            .Then(Authorized(Eur(20m), Inputs(balance: Eur(20m))), Debited(Eur(20m)));
    }

    [Fact]
    public void A_payment_one_cent_over_the_balance_is_declined_for_insufficient_funds()
    {
        Given(ReadyToPay(Eur(20m)))
            .When(Pay(EurMinor(2001)))
            .Then(Declined(EurMinor(2001), DeclineReason.InsufficientFunds, Inputs(balance: Eur(20m))));
    }

    [Fact]
    public void The_balance_left_after_earlier_payments_is_what_counts()
    {
        Given(ReadyToPay(Eur(45m)), EarlierPayment(Eur(25m), Today.AddHours(-1)))
            .When(Pay(EurMinor(2001)))
            .Then(Declined(EurMinor(2001), DeclineReason.InsufficientFunds,
                Inputs(balance: Eur(20m), usedToday: Eur(25m), countToday: 1)));
    }

    [Fact]
    public void A_payment_over_the_per_payment_limit_and_the_balance_is_explained_by_the_limit_first()
    {
        Given(ReadyToPay(Eur(10m)))
            .When(Pay(EurMinor(5001)))
            .Then(Declined(EurMinor(5001), DeclineReason.PerPaymentLimitExceeded, Inputs(balance: Eur(10m))));
    }

    [Fact]
    public void Raised_limits_apply_to_the_next_payment()
    {
        var raised = new Ledger.Domain.Wallets.WalletLimits(Eur(80m), Eur(300m), 10);

        Given(ReadyToPay(Eur(100m)), new Ledger.Domain.Wallets.WalletLimitsChanged(WalletId, raised, Today.AddHours(-1)))
            .When(Pay(Eur(80m)))
            .Then(
                Authorized(Eur(80m), new DecisionInputs(Ledger.Domain.Wallets.WalletStatus.Active, true, Eur(100m),
                    Eur(80m), Eur(300m), Eur(0m), 10, 0, LimitRules.PolicyVersion)),
                Debited(Eur(80m)));
    }
}
