using System.Diagnostics.Metrics;
using Ledger.Domain.Fraud;

namespace Ledger.Infrastructure.Fraud;

/// <summary>Fraud alerts as a metric (meter <c>Ledger</c>, <c>ledger.fraud.alerts{rule, severity}</c>; docs/OPERATIONS.md).</summary>
public static class FraudMetrics
{
    private static readonly Counter<long> Alerts = Diagnostics.LedgerMeter.Meter.CreateCounter<long>(
        "ledger.fraud.alerts", unit: "{alert}", description: "Fraud alerts raised by the rules, by rule and severity");

    /// <summary>Counts an alert once it is stored: a replayed page finds the alert's stream and raises nothing.</summary>
    public static void Raised(FraudAlertRaised alert) =>
        Alerts.Add(1, new KeyValuePair<string, object?>("rule", alert.Rule),
            new KeyValuePair<string, object?>("severity", Domain.RuleCodes.FromName(alert.Severity.ToString())));
}
