using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Audit;

/// <summary>Alternative limits to replay payment requests under: per currency, for every wallet in it.</summary>
public sealed record LimitPolicy(string Name, IReadOnlyDictionary<string, WalletLimits> ByCurrency)
{
    public WalletLimits LimitsFor(Wallet wallet) => ByCurrency.GetValueOrDefault(wallet.Currency.Code) ?? wallet.Limits;
}

/// <summary>One payment request of the period, as decided then and as the alternative policy would decide it.</summary>
public sealed record WhatIfDecision(
    Guid PaymentId, Guid WalletId, Money Amount, DateTimeOffset At,
    bool WasAuthorized, DeclineReason? WasReason, bool WouldAuthorize, DeclineReason? WouldReason)
{
    public bool OutcomeChanges => WasAuthorized != WouldAuthorize;
}

/// <summary>
/// Re-decides recorded payment requests under another limit policy, wallet by wallet, without writing
/// anything. The replay cascades: a payment the policy would decline leaves its money in the
/// simulated wallet (and its refunds never happen), so later requests see the balance and daily usage
/// they would have seen. Everything else (top-ups, payouts, consent, freezes, limit changes) happens as
/// recorded. Requests outside the period follow their recorded outcome.
/// </summary>
public static class WhatIfReplay
{
    /// <param name="history">One wallet's events merged with its payments' decision events, in log order.</param>
    public static IReadOnlyList<WhatIfDecision> Wallet(IEnumerable<object> history, LimitPolicy policy, DateTimeOffset from, DateTimeOffset to)
    {
        Wallet? wallet = null;
        var simulatedAuthorized = new HashSet<Guid>();
        var decisions = new List<WhatIfDecision>();
        foreach (var e in history)
        {
            switch (e)
            {
                case WalletDebited:
                    break; // the simulation decides which payments debit the wallet
                case WalletCredited credit:
                    if (simulatedAuthorized.Contains(credit.PaymentId)) wallet = WalletEvolution.Evolve(wallet, credit);
                    break;
                case PaymentAuthorized or PaymentDeclined when wallet is not null:
                    var (paymentId, amount, at, wasAuthorized, wasReason) = e switch
                    {
                        PaymentAuthorized a => (a.PaymentId, a.Amount, a.AuthorizedAt, true, (DeclineReason?)null),
                        PaymentDeclined d => (d.PaymentId, d.Amount, d.DeclinedAt, false, d.Reason),
                        _ => throw new InvalidOperationException(),
                    };
                    var inPeriod = at >= from && at < to;
                    // Other limits cannot undo a face-pay step-up (a wrong PIN, a missing phone number, a lock-out).
                    var reDecided = inPeriod && (wasReason is not { } r || LimitRules.Gives(r));
                    var wouldReason = reDecided ? LimitRules.Evaluate(wallet, policy.LimitsFor(wallet), amount, at).Reason : wasReason;
                    var wouldAuthorize = inPeriod ? wouldReason is null : wasAuthorized;
                    if (inPeriod)
                        decisions.Add(new WhatIfDecision(paymentId, wallet.Id, amount, at, wasAuthorized, wasReason, wouldAuthorize, wouldReason));
                    if (wouldAuthorize)
                    {
                        simulatedAuthorized.Add(paymentId);
                        wallet = WalletEvolution.Evolve(wallet, new WalletDebited(wallet.Id, paymentId, Guid.Empty, amount, at));
                    }
                    break;
                case IWalletEvent:
                    wallet = WalletEvolution.Evolve(wallet, e);
                    break;
            }
        }
        return decisions;
    }
}
