namespace Ledger.Domain.Fraud;

/// <summary>
/// The thresholds the rules apply; <see cref="Version"/> is recorded on every alert, so an alert can be
/// explained by the numbers that were in force. docs/FRAUD.md gives the reasons for each default.
/// </summary>
public sealed record FraudPolicy(
    string Version,
    CountRule TerminalFaceFailures,
    CountRule TerminalDeclines,
    CountRule CustomerFaceFailures,
    CountRule PaymentsPerMinute,
    CountRule PaymentsPerHour,
    int UsualAmountMinHistory,
    int UsualAmountFactor,
    double ImpossibleTravelKmh,
    double ImpossibleTravelMinKm)
{
    public static readonly FraudPolicy Default = new(
        Version: "fraud-2026-11",
        // The scenario: five failed faces at one till within a minute is someone trying faces, not a shopper.
        TerminalFaceFailures: new(5, TimeSpan.FromMinutes(1), FraudSeverity.High),
        TerminalDeclines: new(10, TimeSpan.FromMinutes(10), FraudSeverity.Medium),
        CustomerFaceFailures: new(3, TimeSpan.FromMinutes(10), FraudSeverity.Medium),
        PaymentsPerMinute: new(5, TimeSpan.FromMinutes(1), FraudSeverity.Medium),
        PaymentsPerHour: new(30, TimeSpan.FromHours(1), FraudSeverity.Medium),
        UsualAmountMinHistory: 5,
        UsualAmountFactor: 10,
        // Faster than an airliner's cruise: nobody paid in person at both tills.
        ImpossibleTravelKmh: 900,
        // Below this, terminals in one mall or city could be mislocated; elapsed time near zero would make any gap "fast".
        ImpossibleTravelMinKm: 50);
}

/// <summary>At least <paramref name="Threshold"/> facts within <paramref name="Window"/> (both ends included).</summary>
public sealed record CountRule(int Threshold, TimeSpan Window, FraudSeverity Severity);
