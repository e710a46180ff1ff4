using JasperFx.Events;
using Ledger.Domain.FacePay;
using Ledger.Domain.Fraud;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Messaging.Contracts;

namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>
/// Which stored events become which integration events. Everything not listed here stays inside the
/// ledger. A later contract slots in as one more line.
/// </summary>
public static class IntegrationEventTranslation
{
    private static readonly Dictionary<Type, Func<IEvent, IIntegrationEvent>> Translators = new()
    {
        [typeof(PaymentAuthorized)] = e => e.Data is PaymentAuthorized p
            ? new PaymentAuthorizedIntegrationEvent(p.PaymentId, p.WalletId, p.MerchantId, p.TerminalId,
                p.Amount.Minor, p.Amount.Currency.Code, e.Id, e.Sequence, p.AuthorizedAt)
            : throw Mismatch(e),
        [typeof(PaymentDeclined)] = e => e.Data is PaymentDeclined p
            ? new PaymentDeclinedIntegrationEvent(p.PaymentId, p.WalletId, p.MerchantId, p.TerminalId,
                p.Amount.Minor, p.Amount.Currency.Code, p.Reason.ToString(), e.Id, e.Sequence, p.DeclinedAt)
            : throw Mismatch(e),
        [typeof(PaymentRefunded)] = e => e.Data is PaymentRefunded p
            ? new PaymentRefundedIntegrationEvent(p.PaymentId, p.RefundId, p.WalletId, p.MerchantId,
                p.Amount.Minor, p.RefundedTotal.Minor, p.Amount.Currency.Code, e.Id, e.Sequence, p.RefundedAt)
            : throw Mismatch(e),
        [typeof(WalletFrozen)] = e => e.Data is WalletFrozen w
            ? new WalletFrozenIntegrationEvent(w.WalletId, w.Reason, e.Id, e.Sequence, w.FrozenAt)
            : throw Mismatch(e),
        [typeof(FaceVerificationFailed)] = e => e.Data is FaceVerificationFailed f
            ? new FaceVerificationFailedIntegrationEvent(f.PaymentId, f.WalletId, f.MerchantId, f.TerminalId, f.Amount.Minor,
                f.Amount.Currency.Code, f.Reason.ToString(), f.Evidence.Outcome.ToString(), e.Id, e.Sequence, f.FailedAt)
            : throw Mismatch(e),
        [typeof(FraudAlertRaised)] = e => e.Data is FraudAlertRaised a
            ? new FraudAlertRaisedIntegrationEvent(a.AlertId, a.Subject.Kind.ToString().ToLowerInvariant(), a.Subject.Id, a.Rule,
                a.Severity.ToString(), a.PolicyVersion, a.Evidence.EventIds, e.Id, e.Sequence, a.RaisedAt)
            : throw Mismatch(e),
    };

    /// <summary>The stored event types the publisher subscribes to.</summary>
    public static IReadOnlyCollection<Type> SourceTypes => Translators.Keys;

    /// <summary>The integration event for a stored event, or null when the event is internal.</summary>
    public static IIntegrationEvent? Translate(IEvent e) =>
        Translators.TryGetValue(e.Data.GetType(), out var translate) ? translate(e) : null;

    private static InvalidOperationException Mismatch(IEvent e) =>
        new($"Event {e.Id} holds {e.Data.GetType().Name}, not the type it was registered under.");
}
