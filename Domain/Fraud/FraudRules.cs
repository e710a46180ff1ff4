namespace Ledger.Domain.Fraud;

/// <summary>
/// The rules, as pure functions of a subject's window before a fact and the fact itself. Counting rules
/// count the new fact with the earlier ones of the same kind no older than the window (both ends included).
/// </summary>
public static class FraudRules
{
    public static IEnumerable<FraudFinding> ForTerminal(FraudWindow window, FraudFact fact, FraudPolicy policy) =>
        CountingRules(FraudSubjectKind.Terminal, policy).Select(r => Count(r.Rule, r.Count, window, fact, r.Counts)).OfType<FraudFinding>();

    public static IEnumerable<FraudFinding> ForCustomer(FraudWindow window, FraudFact fact, FraudPolicy policy) =>
        CountingRules(FraudSubjectKind.Wallet, policy).Select(r => Count(r.Rule, r.Count, window, fact, r.Counts))
            .Append(UnusualAmount(window, fact, policy))
            .Append(ImpossibleTravel(window, fact, policy))
            .OfType<FraudFinding>();

    /// <summary>
    /// What a subject's window still holds of <paramref name="facts"/> (in the order given): for each counting rule of the
    /// subject, the latest facts it counts within its window of the latest fact, one fewer than its threshold, which with
    /// the next fact are all it needs to reach it (<see cref="Count"/>). Nothing else looks into the window (the usual amount
    /// and the last located payment are kept apart), so a busy till remembers its declines and failed faces, not every
    /// payment it took, and a subject's memory is bounded by the rules, not by its traffic.
    /// </summary>
    public static IReadOnlyList<FraudFact> Remembered(FraudSubjectKind subject, IReadOnlyList<FraudFact> facts, FraudPolicy policy)
    {
        if (facts.Count == 0) return [];
        var latest = facts.Max(f => f.At);
        var kept = new HashSet<FraudFact>(ReferenceEqualityComparer.Instance);
        foreach (var rule in CountingRules(subject, policy))
            kept.UnionWith(Latest(facts, rule.Counts, latest - rule.Count.Window, latest, rule.Count.Threshold - 1));
        return facts.Where(kept.Contains).ToList();
    }

    /// <summary>
    /// Whether <paramref name="fact"/> with the window's facts of the same kind no older than the rule's window reaches its
    /// threshold. The evidence is the tipping fact and the latest threshold − 1 before it: what shows the rule was met, the
    /// same however many more the window held.
    /// </summary>
    public static FraudFinding? Count(string rule, CountRule count, FraudWindow window, FraudFact fact, Func<FraudFact, bool> counts)
    {
        if (!counts(fact)) return null;
        var matching = Latest(window.Recent, counts, fact.At - count.Window, fact.At, count.Threshold - 1).Append(fact).ToList();
        return matching.Count < count.Threshold
            ? null
            : new FraudFinding(rule, count.Severity,
                new FraudEvidence(matching.Select(f => f.EventId).ToList(), matching.Count, count.Threshold, (long)count.Window.TotalSeconds),
                QuietFor: count.Window);
    }

    // The latest `take` facts of `facts` that `counts` counts within [from, to] (both ends included; of two at one instant
    // the one observed later), in the order given.
    private static IEnumerable<FraudFact> Latest(IReadOnlyList<FraudFact> facts, Func<FraudFact, bool> counts, DateTimeOffset from,
        DateTimeOffset to, int take)
    {
        if (take <= 0) return [];
        var latest = facts.Select((f, i) => (Fact: f, Index: i))
            .Where(x => counts(x.Fact) && x.Fact.At >= from && x.Fact.At <= to)
            .OrderByDescending(x => x.Fact.At).ThenByDescending(x => x.Index)
            .Take(take)
            .OrderBy(x => x.Index);
        return latest.Select(x => x.Fact);
    }

    private static IEnumerable<(string Rule, CountRule Count, Func<FraudFact, bool> Counts)> CountingRules(FraudSubjectKind subject, FraudPolicy policy) =>
        subject == FraudSubjectKind.Terminal
            ? [
                (FraudRuleNames.TerminalFaceFailures, policy.TerminalFaceFailures, f => f.Kind == FraudFactKind.FaceVerificationFailed),
                (FraudRuleNames.TerminalDeclines, policy.TerminalDeclines, f => f.Kind == FraudFactKind.PaymentDeclined),
            ]
            : [
                (FraudRuleNames.CustomerFaceFailures, policy.CustomerFaceFailures, f => f.Kind == FraudFactKind.FaceVerificationFailed),
                (FraudRuleNames.CustomerPaymentsPerMinute, policy.PaymentsPerMinute, f => f.IsPaymentAttempt),
                (FraudRuleNames.CustomerPaymentsPerHour, policy.PaymentsPerHour, f => f.IsPaymentAttempt),
            ];

    /// <summary>At least <c>UsualAmountFactor</c> times the customer's mean authorized amount, once there is enough history to call it usual.</summary>
    public static FraudFinding? UnusualAmount(FraudWindow window, FraudFact fact, FraudPolicy policy)
    {
        var usual = window.Usual;
        if (!fact.IsPaymentAttempt || usual.Count < policy.UsualAmountMinHistory || usual.Currency != fact.Currency) return null;
        // amount >= factor * sum / count, kept in integers so the boundary is exact.
        if ((decimal)fact.AmountMinor * usual.Count < (decimal)policy.UsualAmountFactor * usual.SumMinor) return null;
        return new FraudFinding(FraudRuleNames.CustomerUnusualAmount, FraudSeverity.Medium,
            new FraudEvidence([fact.EventId], usual.Count, policy.UsualAmountFactor, WindowSeconds: 0,
                AmountMinor: fact.AmountMinor, UsualAmountMinor: usual.SumMinor / usual.Count));
    }

    /// <summary>The customer paid at two located terminals further apart than they could have travelled in between.</summary>
    public static FraudFinding? ImpossibleTravel(FraudWindow window, FraudFact fact, FraudPolicy policy)
    {
        if (!fact.IsPaymentAttempt || fact.Location is null || window.LastLocatedPayment is not { Location: { } previous } before
            || before.TerminalId == fact.TerminalId)
            return null;
        var km = GeoDistance.Kilometres(previous, fact.Location);
        if (km < policy.ImpossibleTravelMinKm) return null;
        // Two payments in the same second still have a finite speed on record.
        var hours = Math.Max((fact.At - before.At).TotalHours, 1.0 / 3600);
        var kmh = km / hours;
        if (kmh <= policy.ImpossibleTravelKmh) return null;
        return new FraudFinding(FraudRuleNames.CustomerImpossibleTravel, FraudSeverity.High,
            new FraudEvidence([before.EventId, fact.EventId], 2, (int)policy.ImpossibleTravelKmh,
                (long)(fact.At - before.At).TotalSeconds, DistanceKm: Math.Round(km, 1), SpeedKmh: Math.Round(kmh)));
    }
}
