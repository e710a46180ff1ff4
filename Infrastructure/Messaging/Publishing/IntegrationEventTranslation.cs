using JasperFx.Events;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Messaging.Contracts;

namespace Ledger.Infrastructure.Messaging.Publishing;

/// <summary>
/// Which stored events become which integration events. Everything not listed here stays inside the
/// ledger. A later contract (face verification failed, fraud alert raised) slots in as one more line.
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
    };

    /// <summary>The stored event types the publisher subscribes to.</summary>
    public static IReadOnlyCollection<Type> SourceTypes => Translators.Keys;

    /// <summary>The integration event for a stored event, or null when the event is internal.</summary>
    public static IIntegrationEvent? Translate(IEvent e) =>
        Translators.TryGetValue(e.Data.GetType(), out var translate) ? translate(e) : null;

    private static InvalidOperationException Mismatch(IEvent e) =>
        new($"Event {e.Id} holds {e.Data.GetType().Name}, not the type it was registered under.");
}
