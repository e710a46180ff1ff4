namespace Ledger.Domain.Fraud;

/// <summary>Folds one fact into a subject's window and says which alerts it raises.</summary>
public static class FraudDetector
{
    public static FraudObservation Observe(FraudWindow window, FraudFact fact, FraudPolicy policy)
    {
        var findings = window.Subject.Kind == FraudSubjectKind.Terminal
            ? FraudRules.ForTerminal(window, fact, policy)
            : FraudRules.ForCustomer(window, fact, policy);

        var lastAlertAt = new Dictionary<string, DateTimeOffset>(window.LastAlertAt);
        var alerts = new List<FraudAlertRaised>();
        foreach (var finding in findings)
        {
            if (finding.QuietFor is { } quiet && lastAlertAt.TryGetValue(finding.Rule, out var last) && fact.At - last <= quiet)
                continue;
            lastAlertAt[finding.Rule] = fact.At;
            alerts.Add(new FraudAlertRaised(FraudAlertIds.For(finding.Rule, window.Subject, fact.EventId), window.Subject,
                finding.Rule, finding.Severity, finding.Evidence, policy.Version, fact.At));
        }

        var recent = FraudRules.Remembered(window.Subject.Kind, [.. window.Recent, fact], policy);
        var after = window with
        {
            Recent = recent,
            LastLocatedPayment = fact.IsPaymentAttempt && fact.Location is not null ? fact : window.LastLocatedPayment,
            Usual = fact.Kind == FraudFactKind.PaymentAuthorized ? window.Usual.With(fact) : window.Usual,
            LastAlertAt = lastAlertAt,
        };
        return new FraudObservation(after, alerts);
    }
}
