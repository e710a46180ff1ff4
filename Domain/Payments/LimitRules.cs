using Ledger.Domain.Wallets;

namespace Ledger.Domain.Payments;

/// <summary>
/// The wallet rules a payment must pass, in the order a customer would want them explained:
/// state, consent, per-payment limit, daily count, daily amount, balance. Exactly at a limit is
/// allowed; one minor unit over is declined.
/// </summary>
public static class LimitRules
{
    /// <summary>Identifies this rule set in every decision; bump it when the rules change.</summary>
    public const string PolicyVersion = "limits-v1";

    /// <summary>Whether this rule set gives <paramref name="reason"/>; face-pay step-ups (PIN, whole number, lock-out) it does not.</summary>
    public static bool Gives(DeclineReason reason) => reason is DeclineReason.WalletFrozen or DeclineReason.WalletClosed
        or DeclineReason.FacePayNotEnabled or DeclineReason.PerPaymentLimitExceeded or DeclineReason.DailyCountLimitExceeded
        or DeclineReason.DailyAmountLimitExceeded or DeclineReason.InsufficientFunds;

    public static (DeclineReason? Reason, DecisionInputs Inputs) Evaluate(Wallet wallet, Money amount, DateTimeOffset now) =>
        Evaluate(wallet, wallet.Limits, amount, now);

    /// <summary>Evaluates under the given limits (a what-if replay passes limits other than the wallet's).</summary>
    public static (DeclineReason? Reason, DecisionInputs Inputs) Evaluate(
        Wallet wallet, WalletLimits limits, Money amount, DateTimeOffset now)
    {
        var today = wallet.UsedToday.On(now);
        var usedToday = new Money(today.AmountMinor, wallet.Currency);
        var inputs = new DecisionInputs(wallet.Status, wallet.FacePayEnabled, wallet.Balance, limits.PerPayment,
            limits.DailyAmount, usedToday, limits.DailyCount, today.Count, PolicyVersion);

        DeclineReason? reason = wallet.Status switch
        {
            WalletStatus.Closed => DeclineReason.WalletClosed,
            WalletStatus.Frozen => DeclineReason.WalletFrozen,
            _ when !wallet.FacePayEnabled => DeclineReason.FacePayNotEnabled,
            _ when amount > limits.PerPayment => DeclineReason.PerPaymentLimitExceeded,
            _ when today.Count + 1 > limits.DailyCount => DeclineReason.DailyCountLimitExceeded,
            _ when usedToday + amount > limits.DailyAmount => DeclineReason.DailyAmountLimitExceeded,
            _ when amount > wallet.Balance => DeclineReason.InsufficientFunds,
            _ => null,
        };
        return (reason, inputs);
    }
}
