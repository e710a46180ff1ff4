using CsCheck;
using Ledger.Domain.Payments;
using Ledger.Domain.Tests.Support;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.Payments;

/// <summary>
/// An auditor must be able to explain every decision from what it recorded, without recomputing
/// anything: over random runs, the outcome follows from the recorded inputs and amount alone.
/// </summary>
public class DecisionExplanationPropertyTests
{
    /// <summary>The limit rules as an auditor would read them off a decision record.</summary>
    private static DeclineReason? AsAnAuditorReadsIt(DecisionInputs i, Money amount) =>
        i.WalletStatus == WalletStatus.Closed ? DeclineReason.WalletClosed
        : i.WalletStatus == WalletStatus.Frozen ? DeclineReason.WalletFrozen
        : !i.FacePayEnabled ? DeclineReason.FacePayNotEnabled
        : amount.Minor > i.PerPaymentLimit.Minor ? DeclineReason.PerPaymentLimitExceeded
        : i.CountToday >= i.DailyCountLimit ? DeclineReason.DailyCountLimitExceeded
        : i.UsedToday.Minor + amount.Minor > i.DailyAmountLimit.Minor ? DeclineReason.DailyAmountLimitExceeded
        : amount.Minor > i.Balance.Minor ? DeclineReason.InsufficientFunds
        : null;

    [Fact]
    public void Every_decision_follows_from_its_recorded_inputs()
    {
        RandomRun.Steps.Sample(steps =>
        {
            foreach (var @event in RandomRun.Play(steps).Ledger.History)
            {
                if (@event is PaymentAuthorized a) Assert.Null(AsAnAuditorReadsIt(a.Inputs, a.Amount));
                if (@event is PaymentDeclined d) Assert.Equal(d.Reason, AsAnAuditorReadsIt(d.Inputs, d.Amount));
            }
        }, iter: 300);
    }

    [Fact]
    public void The_recorded_balance_and_usage_are_the_wallet_as_it_was_just_before_the_decision()
    {
        RandomRun.Steps.Sample(steps =>
        {
            var replay = new TestLedger();
            foreach (var @event in RandomRun.Play(steps).Ledger.History)
            {
                if (@event is PaymentAuthorized or PaymentDeclined)
                {
                    var (walletId, inputs, at) = @event switch
                    {
                        PaymentAuthorized a => (a.WalletId, a.Inputs, a.AuthorizedAt),
                        PaymentDeclined d => (d.WalletId, d.Inputs, d.DeclinedAt),
                        _ => throw new InvalidOperationException(),
                    };
                    var before = replay.Wallet(walletId)!;
                    var today = before.UsedToday.On(at);
                    Assert.Equal(before.Balance, inputs.Balance);
                    Assert.Equal(today.AmountMinor, inputs.UsedToday.Minor);
                    Assert.Equal(today.Count, inputs.CountToday);
                    Assert.Equal(before.Limits.PerPayment, inputs.PerPaymentLimit);
                    Assert.Equal(before.Status, inputs.WalletStatus);
                }
                replay.Apply(@event);
            }
        }, iter: 300);
    }
}
