using System.Globalization;
using System.Text;
using JasperFx.Events;
using Ledger.Domain;
using Ledger.Domain.Payments;
using Marten;

namespace Ledger.Infrastructure.Audit.Replay;

/// <summary>A payment's decision exactly as recorded: outcome, reason, the rule inputs, who asked, and the refunds after it.</summary>
public sealed record DecisionExplanation(
    Guid PaymentId,
    string Outcome,
    string? Reason,
    Money Amount,
    Guid WalletId,
    Guid MerchantId,
    Guid TerminalId,
    DateTimeOffset DecidedAt,
    DecisionInputs Inputs,
    long Seq,
    string? Actor,
    string? CorrelationId,
    string? RequestId,
    IReadOnlyList<Money> Refunds)
{
    /// <summary>The same record for a person: each rule in the order the decider applies them, with the recorded figures.</summary>
    public string ToText()
    {
        var i = Inputs;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Payment {PaymentId}: {Outcome.ToUpperInvariant()}{(Reason is null ? "" : $" ({Reason})")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  decided at {AuditRecord(DecidedAt)}, recorded at seq {Seq} by {Actor ?? "unknown"} (correlation {CorrelationId ?? "-"}, request {RequestId ?? "-"})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  amount {Amount}, wallet {WalletId}, merchant {MerchantId}, terminal {TerminalId}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  rules ({i.LimitPolicy}), as recorded when deciding:");
        Rule(text, "wallet status", $"{i.WalletStatus}", i.WalletStatus == Domain.Wallets.WalletStatus.Active);
        Rule(text, "face pay consent", i.FacePayEnabled ? "given" : "not given", i.FacePayEnabled);
        Rule(text, "per-payment limit", $"{Amount} of at most {i.PerPaymentLimit}", Amount <= i.PerPaymentLimit);
        Rule(text, "daily count", $"{i.CountToday} earlier today + this one, at most {i.DailyCountLimit}", i.CountToday + 1 <= i.DailyCountLimit);
        Rule(text, "daily amount", $"{i.UsedToday} used today + {Amount}, at most {i.DailyAmountLimit}", i.UsedToday + Amount <= i.DailyAmountLimit);
        Rule(text, "balance", $"{i.Balance} available for {Amount}", Amount <= i.Balance);
        text.AppendLine("  face verification: not recorded on this payment");
        foreach (var refund in Refunds) text.AppendLine(CultureInfo.InvariantCulture, $"  refunded {refund} later");
        return text.ToString();
    }

    private static void Rule(StringBuilder text, string name, string figures, bool passes) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"    {(passes ? "pass" : "FAIL")}  {name,-18} {figures}");

    private static string AuditRecord(DateTimeOffset at) => Domain.Audit.AuditRecord.FormatTimestamp(at);
}

/// <summary>Reads a payment's recorded decision; nothing is recomputed.</summary>
public sealed class DecisionExplainer(IDocumentStore store)
{
    public async Task<DecisionExplanation?> ExplainAsync(Guid paymentId, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        IReadOnlyList<IEvent> events = await session.Events.FetchStreamAsync(paymentId, token: ct);
        var decision = events.FirstOrDefault(e => e.Data is PaymentAuthorized or PaymentDeclined);
        if (decision is null) return null;
        var refunds = events.Select(e => e.Data).OfType<PaymentRefunded>().Select(r => r.Amount).ToList();
        var actor = decision.Headers?.GetValueOrDefault(EventStore.EventHeaders.Actor)?.ToString();
        var request = decision.Headers?.GetValueOrDefault(EventStore.EventHeaders.RequestId)?.ToString();
        return decision.Data switch
        {
            PaymentAuthorized a => new DecisionExplanation(a.PaymentId, "authorized", null, a.Amount, a.WalletId, a.MerchantId, a.TerminalId,
                a.AuthorizedAt, a.Inputs, decision.Sequence, actor, decision.CorrelationId, request, refunds),
            PaymentDeclined d => new DecisionExplanation(d.PaymentId, "declined", RuleCodeOf(d.Reason), d.Amount, d.WalletId, d.MerchantId, d.TerminalId,
                d.DeclinedAt, d.Inputs, decision.Sequence, actor, decision.CorrelationId, request, refunds),
            _ => null,
        };
    }

    private static string RuleCodeOf(DeclineReason reason) =>
        string.Concat(reason.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
