namespace Ledger.Domain.Fraud;

/// <summary>
/// Alert ids follow from what fired, never from a clock or a random source: a replay of the same events
/// names the same alert, which then already exists (exactly one alert per rule, subject and tipping event).
/// </summary>
public static class FraudAlertIds
{
    public static Guid For(string rule, FraudSubject subject, Guid triggeringEventId) =>
        DerivedId.Of($"fraud-alert\n{rule}\n{subject}\n{triggeringEventId:N}");
}
