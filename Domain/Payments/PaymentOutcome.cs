using Ledger.Domain.Wallets;

namespace Ledger.Domain.Payments;

/// <summary>The events one payment command writes to the payment stream and to the wallet stream, atomically.</summary>
public sealed record PaymentOutcome(IReadOnlyList<IPaymentEvent> PaymentEvents, IReadOnlyList<IWalletEvent> WalletEvents)
{
    public static readonly PaymentOutcome Nothing = new([], []);
}
