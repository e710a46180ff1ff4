namespace Ledger.Domain.Fraud;

/// <summary>
/// The fraud view of one terminal or one customer: totals, the alerts raised about it, and counts over the last minute,
/// ten minutes and hour, measured back from the latest event (never the clock, so a rebuild gives the same view). Each
/// window is kept as at most 60 buckets (a second, ten seconds, a minute), so a till taking payments all day keeps a view
/// of bounded size: an hour of every fact made each update rewrite all of them. A window is the 60 buckets ending with
/// the latest event's, so its far edge is exact to its bucket.
/// </summary>
public sealed record FraudActivity(
    Guid Id, int Authorized, int Declined, int FaceFailures, int Alerts, int HighAlerts,
    DateTimeOffset? LastSeenAt, IReadOnlyList<FraudActivityBucket>? BySecond, IReadOnlyList<FraudActivityBucket>? ByTenSeconds,
    IReadOnlyList<FraudActivityBucket>? ByMinute, IReadOnlyList<Guid> RecentAlertIds)
{
    public const int KeptAlertIds = 20;

    public static FraudActivity Empty(Guid id) => new(id, 0, 0, 0, 0, 0, null, [], [], [], []);

    public FraudWindowCounts LastMinute => FraudActivityWindow.Minute.Count(BySecond, LastSeenAt);
    public FraudWindowCounts LastTenMinutes => FraudActivityWindow.TenMinutes.Count(ByTenSeconds, LastSeenAt);
    public FraudWindowCounts LastHour => FraudActivityWindow.Hour.Count(ByMinute, LastSeenAt);

    public FraudActivity With(FraudFact fact)
    {
        var latest = LastSeenAt is { } seen && seen > fact.At ? seen : fact.At;
        return this with
        {
            Authorized = Authorized + (fact.Kind == FraudFactKind.PaymentAuthorized ? 1 : 0),
            Declined = Declined + (fact.Kind == FraudFactKind.PaymentDeclined ? 1 : 0),
            FaceFailures = FaceFailures + (fact.Kind == FraudFactKind.FaceVerificationFailed ? 1 : 0),
            LastSeenAt = latest,
            BySecond = FraudActivityWindow.Minute.With(BySecond, fact, latest),
            ByTenSeconds = FraudActivityWindow.TenMinutes.With(ByTenSeconds, fact, latest),
            ByMinute = FraudActivityWindow.Hour.With(ByMinute, fact, latest),
        };
    }

    public FraudActivity With(FraudAlertRaised alert) => this with
    {
        Alerts = Alerts + 1,
        HighAlerts = HighAlerts + (alert.Severity == FraudSeverity.High ? 1 : 0),
        RecentAlertIds = RecentAlertIds.Append(alert.AlertId).TakeLast(KeptAlertIds).ToList(),
    };
}

/// <summary>Attempts are everything a terminal was asked: authorized, declined and failed faces.</summary>
public sealed record FraudWindowCounts(int Authorized, int Declined, int FaceFailures)
{
    public int Attempts => Authorized + Declined + FaceFailures;
}
