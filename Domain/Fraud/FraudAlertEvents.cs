namespace Ledger.Domain.Fraud;

public enum FraudSubjectKind
{
    Terminal,
    Wallet,
}

/// <summary>What an alert is about: a terminal (attacks on one till) or a customer's wallet.</summary>
public sealed record FraudSubject(FraudSubjectKind Kind, Guid Id)
{
    public static FraudSubject Terminal(Guid id) => new(FraudSubjectKind.Terminal, id);
    public static FraudSubject Wallet(Guid id) => new(FraudSubjectKind.Wallet, id);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";

    /// <summary>Reads <c>wallet:{id}</c> or <c>terminal:{id}</c>, as <see cref="ToString"/> writes it.</summary>
    public static bool TryParse(string? text, out FraudSubject? subject)
    {
        subject = null;
        var parts = (text ?? "").Split(':', 2);
        if (parts.Length != 2 || !Guid.TryParse(parts[1], out var id)) return false;
        subject = parts[0] switch
        {
            "wallet" => Wallet(id),
            "terminal" => Terminal(id),
            _ => null,
        };
        return subject is not null;
    }
}

/// <summary>Stored by name. Only <see cref="High"/> makes the fraud policy act on its own.</summary>
public enum FraudSeverity
{
    Low,
    Medium,
    High,
}

/// <summary>
/// Why a rule fired, as it was then: the events it counted, how many against which threshold, over which
/// window, and the measures the rule compared (distance and speed, amount and the usual amount).
/// </summary>
public sealed record FraudEvidence(
    IReadOnlyList<Guid> EventIds, int Count, int Threshold, long WindowSeconds,
    double? DistanceKm = null, double? SpeedKmh = null, long? AmountMinor = null, long? UsualAmountMinor = null);

public interface IFraudAlertEvent
{
    Guid AlertId { get; }
}

/// <summary>
/// A rule fired. Each alert is its own stream (<paramref name="AlertId"/>), an id derived from the rule,
/// the subject and the event that tipped the rule (<see cref="FraudAlertIds"/>), so evaluating the same
/// events again names the same alert. <paramref name="RaisedAt"/> is that event's time, not the clock's.
/// </summary>
public sealed record FraudAlertRaised(
    Guid AlertId, FraudSubject Subject, string Rule, FraudSeverity Severity, FraudEvidence Evidence,
    string PolicyVersion, DateTimeOffset RaisedAt) : IFraudAlertEvent;
