using Ledger.Domain.Payments;
using Ledger.Domain.Tests.Support;
using Ledger.Domain.Wallets;
using static Ledger.Domain.Tests.Support.Amounts;
using static Ledger.Domain.Tests.Support.TestData;

namespace Ledger.Domain.Tests.Payments;

/// <summary>The rule set on its own, including the what-if replay under other limits.</summary>
public class LimitRulesTests
{
    private static Wallet WalletAfter(params object[] history)
    {
        var ledger = new TestLedger();
        foreach (var @event in History.Flatten(history)) ledger.Apply(@event);
        return ledger.Wallet(WalletId)!;
    }

    [Fact]
    public void Under_higher_limits_a_declined_payment_would_have_passed_and_the_inputs_show_those_limits()
    {
        var wallet = WalletAfter(ReadyToPay(Eur(80m)));
        var whatIf = new WalletLimits(Eur(70m), Eur(200m), 5);

        var (actual, _) = LimitRules.Evaluate(wallet, Eur(60m), Today);
        var (replayed, inputs) = LimitRules.Evaluate(wallet, whatIf, Eur(60m), Today);

        Assert.Equal(DeclineReason.PerPaymentLimitExceeded, actual);
        Assert.Null(replayed);
        Assert.Equal(Eur(70m), inputs.PerPaymentLimit);
        Assert.Equal(Eur(200m), inputs.DailyAmountLimit);
        Assert.Equal(5, inputs.DailyCountLimit);
    }

    [Fact]
    public void Every_decision_names_the_limit_policy_it_was_taken_under()
    {
        var (_, inputs) = LimitRules.Evaluate(WalletAfter(ReadyToPay(Eur(80m))), Eur(1m), Today);

        Assert.Equal("limits-v1", inputs.LimitPolicy);
    }

    [Fact]
    public void The_daily_count_is_checked_before_the_daily_amount()
    {
        var wallet = WalletAfter(ReadyToPay(Eur(300m)),
            EarlierPayment(Eur(40m), Today.AddHours(-3)), EarlierPayment(Eur(40m), Today.AddHours(-2)),
            EarlierPayment(Eur(20m), Today.AddHours(-1)));

        var (reason, _) = LimitRules.Evaluate(wallet, Eur(1m), Today);

        Assert.Equal(DeclineReason.DailyCountLimitExceeded, reason);
    }

    [Fact]
    public void The_daily_amount_is_checked_before_the_balance()
    {
        // 60.00 used today, 10.00 left: 41.00 breaks both the daily amount and the balance.
        var wallet = WalletAfter(ReadyToPay(Eur(70m)),
            EarlierPayment(Eur(30m), Today.AddHours(-2)), EarlierPayment(Eur(30m), Today.AddHours(-1)));

        var (reason, _) = LimitRules.Evaluate(wallet, Eur(41m), Today);

        Assert.Equal(DeclineReason.DailyAmountLimitExceeded, reason);
    }

    [Fact]
    public void Decline_reasons_keep_their_stored_names()
    {
        // Stored by name in events: renaming one breaks every recorded decline.
        Assert.Equal(
            ["WalletFrozen", "WalletClosed", "FacePayNotEnabled", "PerPaymentLimitExceeded",
             "DailyCountLimitExceeded", "DailyAmountLimitExceeded", "InsufficientFunds",
             "FaceNoMatch", "FaceAmbiguous", "NoFaceDetected", "MultipleFaces", "NotEnrolled", "ReenrolmentRequired",
             "FacePayLocked", "FullPhoneNumberRequired", "PinRequired", "PinIncorrect", "PaymentCodeRejected", "StepUpRequired", "LiveChallengeFailed"],
            Enum.GetNames<DeclineReason>());
    }
}
