using Ledger.Api.Http;
using Ledger.Domain.Payments;

namespace Ledger.Api.Payments;

/// <summary>
/// What a terminal hears about a payment: the decision and a coarse reason (<see cref="TerminalReason"/>), never
/// evidence. No wallet, balance, limits, usage, distance, score, candidates or template; those are in the events,
/// for operators and auditors.
/// </summary>
public sealed record TerminalPaymentResponse(Guid PaymentId, string Status, string? Reason, MoneyResponse Amount, DateTimeOffset DecidedAt)
{
    public static TerminalPaymentResponse From(Payment p) =>
        new(p.Id, Domain.RuleCodes.FromName(p.Status.ToString()), TerminalReason.For(p.DeclineReason), MoneyResponse.From(p.Amount), p.DecidedAt);
}
