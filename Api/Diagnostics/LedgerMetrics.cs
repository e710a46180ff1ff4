using System.Diagnostics.Metrics;
using Ledger.Domain.Payments;
using Ledger.Infrastructure.Diagnostics;

namespace Ledger.Api.Diagnostics;

/// <summary>
/// The ledger's own metrics (OpenTelemetry, meter <c>Ledger</c>): payments decided per channel, outcome and decline
/// reason, and the time of a face payment's commit. docs/OPERATIONS.md says what is normal.
/// </summary>
public static class LedgerMetrics
{
    private static readonly Counter<long> Payments = LedgerMeter.Meter.CreateCounter<long>(
        "ledger.payments", unit: "{payment}", description: "Payments decided (answers to retries not counted), by channel, outcome and decline reason");

    /// <summary>Milliseconds from the face payment's decision to its commit: idempotency, streams, events.</summary>
    public static readonly Histogram<double> FacePaymentCommit = LedgerMeter.Meter.CreateHistogram<double>(
        "ledger.face_payment.commit.duration", unit: "ms", description: "Time to decide and commit a face payment once its face work is done");

    /// <summary>Counts a decision, unless it is the stored answer to an earlier identical request.</summary>
    /// <param name="channel"><c>code</c> or <c>face</c>.</param>
    public static void Decided(string channel, Payment payment, bool replayed)
    {
        if (replayed) return;
        Payments.Add(1,
            new KeyValuePair<string, object?>("channel", channel),
            new KeyValuePair<string, object?>("outcome", Domain.RuleCodes.FromName(payment.Status.ToString())),
            new KeyValuePair<string, object?>("reason", payment.DeclineReason is { } r ? Domain.RuleCodes.FromName(r.ToString()) : "none"));
    }
}
