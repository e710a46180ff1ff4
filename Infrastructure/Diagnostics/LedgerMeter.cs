using System.Diagnostics.Metrics;

namespace Ledger.Infrastructure.Diagnostics;

/// <summary>
/// The one meter of the ledger's own metrics (OpenTelemetry, <c>Ledger</c>): payments, commits, lags (the API) and fraud
/// alerts (the rules here) all create their instruments on it. docs/OPERATIONS.md lists them.
/// </summary>
public static class LedgerMeter
{
    public const string Name = "Ledger";

    public static readonly Meter Meter = new(Name);
}
