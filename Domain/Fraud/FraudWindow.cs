namespace Ledger.Domain.Fraud;

/// <summary>
/// What the rules remember about one subject: the facts of the longest rule window (relative to the latest
/// fact, never to a clock), the last located payment (impossible travel looks back further than any window),
/// the customer's usual amount, and when each rule last fired (a rule that fired stays quiet for its window).
/// </summary>
public sealed record FraudWindow(
    FraudSubject Subject,
    IReadOnlyList<FraudFact> Recent,
    FraudFact? LastLocatedPayment,
    UsualAmount Usual,
    IReadOnlyDictionary<string, DateTimeOffset> LastAlertAt)
{
    public static FraudWindow Empty(FraudSubject subject) =>
        new(subject, [], null, new UsualAmount(null, 0, 0), new Dictionary<string, DateTimeOffset>());
}

/// <summary>The customer's authorized payments so far, in their wallet's currency (a wallet has one).</summary>
public sealed record UsualAmount(string? Currency, int Count, long SumMinor)
{
    public UsualAmount With(FraudFact fact) =>
        Currency is not null && Currency != fact.Currency ? this : new(fact.Currency, Count + 1, checked(SumMinor + fact.AmountMinor));
}

/// <summary>A rule's verdict before it becomes an alert; <paramref name="QuietFor"/> suppresses repeats of a count rule.</summary>
public sealed record FraudFinding(string Rule, FraudSeverity Severity, FraudEvidence Evidence, TimeSpan? QuietFor = null);

public sealed record FraudObservation(FraudWindow Window, IReadOnlyList<FraudAlertRaised> Alerts);
