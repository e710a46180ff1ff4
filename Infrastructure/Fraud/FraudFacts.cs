using JasperFx.Events;
using Ledger.Domain.FacePay;
using Ledger.Domain.Fraud;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;

namespace Ledger.Infrastructure.Fraud;

/// <summary>Which stored events the fraud rules and views observe, and what each says as a <see cref="FraudFact"/>.</summary>
public static class FraudFacts
{
    public static readonly IReadOnlyList<Type> SourceTypes =
        [typeof(PaymentAuthorized), typeof(PaymentDeclined), typeof(FaceVerificationFailed)];

    /// <param name="location">The terminal's location (terminals are registered with it and never move).</param>
    public static FraudFact? From(IEvent e, GeoPoint? location = null) => e.Data switch
    {
        PaymentAuthorized p => new FraudFact(e.Id, FraudFactKind.PaymentAuthorized, p.TerminalId, p.WalletId,
            p.Amount.Minor, p.Amount.Currency.Code, location, p.AuthorizedAt),
        PaymentDeclined p => new FraudFact(e.Id, FraudFactKind.PaymentDeclined, p.TerminalId, p.WalletId,
            p.Amount.Minor, p.Amount.Currency.Code, location, p.DeclinedAt),
        FaceVerificationFailed f => new FraudFact(e.Id, FraudFactKind.FaceVerificationFailed, f.TerminalId, f.WalletId,
            f.Amount.Minor, f.Amount.Currency.Code, location, f.FailedAt),
        _ => null,
    };

    public static Guid? TerminalOf(object data) => data switch
    {
        PaymentAuthorized p => p.TerminalId,
        PaymentDeclined p => p.TerminalId,
        FaceVerificationFailed f => f.TerminalId,
        _ => null,
    };
}
