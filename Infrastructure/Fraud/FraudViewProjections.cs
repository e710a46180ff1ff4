using JasperFx.Events;
using Ledger.Domain.FacePay;
using Ledger.Domain.Fraud;
using Ledger.Domain.Payments;
using Marten.Events.Aggregation;
using Marten.Events.Projections;

namespace Ledger.Infrastructure.Fraud;

// Asynchronous: the views are for operators, so a payment never waits for them, and they can be rebuilt from
// the events at any time (docs/FRAUD.md). The folding is the domain's FraudActivity.

public sealed class TerminalFraudViewProjection : MultiStreamProjection<TerminalFraudView, Guid>
{
    public TerminalFraudViewProjection()
    {
        Identity<PaymentAuthorized>(e => e.TerminalId);
        Identity<PaymentDeclined>(e => e.TerminalId);
        Identity<FaceVerificationFailed>(e => e.TerminalId);
        Identities<FraudAlertRaised>(e => e.Subject.Kind == FraudSubjectKind.Terminal ? [e.Subject.Id] : []);
        FraudViewFolding.IncludeFoldedTypes(IncludeType);
    }

    public override TerminalFraudView? Evolve(TerminalFraudView? view, Guid id, IEvent e) =>
        new(id, FraudViewFolding.Apply(view?.Activity ?? FraudActivity.Empty(id), e));
}

public sealed class WalletFraudViewProjection : MultiStreamProjection<WalletFraudView, Guid>
{
    public WalletFraudViewProjection()
    {
        Identity<PaymentAuthorized>(e => e.WalletId);
        Identity<PaymentDeclined>(e => e.WalletId);
        Identities<FaceVerificationFailed>(e => e.WalletId is { } wallet ? [wallet] : []);
        Identities<FraudAlertRaised>(e => e.Subject.Kind == FraudSubjectKind.Wallet ? [e.Subject.Id] : []);
        FraudViewFolding.IncludeFoldedTypes(IncludeType);
    }

    public override WalletFraudView? Evolve(WalletFraudView? view, Guid id, IEvent e) =>
        new(id, FraudViewFolding.Apply(view?.Activity ?? FraudActivity.Empty(id), e));
}

public sealed class FraudAlertViewProjection : SingleStreamProjection<FraudAlertView, Guid>
{
    public FraudAlertViewProjection() => IncludeType<FraudAlertRaised>();

    public override FraudAlertView? Evolve(FraudAlertView? view, Guid id, IEvent e) => e.Data is FraudAlertRaised a
        // A second copy of an alert's event (never written by the rule runner, which checks first) changes nothing.
        ? view ?? new FraudAlertView(a.AlertId, e.Sequence, a.Subject.Kind, a.Subject.Id, a.Rule, a.Severity, a.Evidence,
            a.PolicyVersion, a.RaisedAt)
        : view;
}

internal static class FraudViewFolding
{
    /// <summary>
    /// The events a view folds. Declared, so the daemon's pages for a view hold only these: with Evolve written out
    /// Marten cannot tell them from the code, and read every event of the ledger for each view.
    /// </summary>
    public static void IncludeFoldedTypes(Action<Type> include)
    {
        foreach (var type in FraudFacts.SourceTypes) include(type);
        include(typeof(FraudAlertRaised));
    }

    public static FraudActivity Apply(FraudActivity activity, IEvent e) => e.Data switch
    {
        FraudAlertRaised alert => activity.RecentAlertIds.Contains(alert.AlertId) ? activity : activity.With(alert),
        _ => FraudFacts.From(e) is { } fact ? activity.With(fact) : activity,
    };
}
