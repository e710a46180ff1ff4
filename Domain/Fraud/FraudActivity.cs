namespace Ledger.Domain.Fraud;

/// <summary>
/// The fraud view of one terminal or one customer: totals, the alerts raised about it, and sliding windows
/// over the last hour, measured back from the latest event (never the clock, so a rebuild gives the same view).
/// </summary>
public sealed record FraudActivity(
    Guid Id, int Authorized, int Declined, int FaceFailures, int Alerts, int HighAlerts,
    DateTimeOffset? LastSeenAt, IReadOnlyList<FraudActivityEntry> LastHourEntries, IReadOnlyList<Guid> RecentAlertIds)
{
    public const int KeptAlertIds = 20;
    public static readonly TimeSpan Kept = TimeSpan.FromHours(1);

    public static FraudActivity Empty(Guid id) => new(id, 0, 0, 0, 0, 0, null, [], []);

    public FraudWindowCounts LastMinute => CountsWithin(TimeSpan.FromMinutes(1));
    public FraudWindowCounts LastTenMinutes => CountsWithin(TimeSpan.FromMinutes(10));
    public FraudWindowCounts LastHour => CountsWithin(Kept);

    public FraudActivity With(FraudFact fact)
    {
        var latest = LastSeenAt is { } seen && seen > fact.At ? seen : fact.At;
        var entries = LastHourEntries.Append(new FraudActivityEntry(fact.EventId, fact.Kind, fact.At, fact.AmountMinor))
            .Where(e => e.At >= latest - Kept).ToList();
        return this with
        {
            Authorized = Authorized + (fact.Kind == FraudFactKind.PaymentAuthorized ? 1 : 0),
            Declined = Declined + (fact.Kind == FraudFactKind.PaymentDeclined ? 1 : 0),
            FaceFailures = FaceFailures + (fact.Kind == FraudFactKind.FaceVerificationFailed ? 1 : 0),
            LastSeenAt = latest,
            LastHourEntries = entries,
        };
    }

    public FraudActivity With(FraudAlertRaised alert) => this with
    {
        Alerts = Alerts + 1,
        HighAlerts = HighAlerts + (alert.Severity == FraudSeverity.High ? 1 : 0),
        RecentAlertIds = RecentAlertIds.Append(alert.AlertId).TakeLast(KeptAlertIds).ToList(),
    };

    private FraudWindowCounts CountsWithin(TimeSpan window)
    {
        if (LastSeenAt is not { } latest) return new FraudWindowCounts(0, 0, 0);
        var inside = LastHourEntries.Where(e => e.At >= latest - window).ToList();
        return new FraudWindowCounts(
            inside.Count(e => e.Kind == FraudFactKind.PaymentAuthorized),
            inside.Count(e => e.Kind == FraudFactKind.PaymentDeclined),
            inside.Count(e => e.Kind == FraudFactKind.FaceVerificationFailed));
    }
}

public sealed record FraudActivityEntry(Guid EventId, FraudFactKind Kind, DateTimeOffset At, long AmountMinor);

/// <summary>Attempts are everything a terminal was asked: authorized, declined and failed faces.</summary>
public sealed record FraudWindowCounts(int Authorized, int Declined, int FaceFailures)
{
    public int Attempts => Authorized + Declined + FaceFailures;
}
