using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Tests.Support;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Tests.FacePay;

/// <summary>
/// <see cref="TestLedger"/> plus the face-pay deciders: biometric commands go to <see cref="BiometricDecider"/>
/// under the enrolment gates, <see cref="PayByFace"/> to <see cref="FacePaymentDecider"/> under the policy,
/// everything else to the ledger's own routing. State is folded by the same evolve functions as production.
/// </summary>
public sealed class FaceLedger(FacePayPolicy policy, EnrolmentQuality gates)
{
    public TestLedger Streams { get; } = new();

    public void Apply(object @event) => Streams.Apply(@event);

    public IReadOnlyList<object> Decide(object command) => command switch
    {
        PayByFace c => Pay(c),
        EnrolFace or WithdrawBiometricConsent or MarkTemplateOutdated or SetFacePayPin or ResetFacePayPin or UnlockFacePay =>
            [.. BiometricDecider.Decide((WalletCommand)command, Streams.Wallet(((WalletCommand)command).WalletId), gates)],
        _ => Streams.Decide(command),
    };

    public IReadOnlyList<object> Execute(object command)
    {
        var events = Decide(command);
        foreach (var @event in events) Apply(@event);
        return events;
    }

    /// <summary>Payment events first, then the wallet's side, as the use case appends them.</summary>
    private IReadOnlyList<object> Pay(PayByFace command)
    {
        var terminal = Streams.Terminal(command.TerminalId);
        var merchant = terminal is null ? null : Streams.Merchant(terminal.MerchantId);
        var wallet = command.WalletId is { } id ? Streams.Wallet(id) : null;
        var outcome = FacePaymentDecider.Decide(command, wallet, terminal, merchant, policy, gates);
        return [.. outcome.PaymentEvents.Cast<object>(), .. outcome.WalletEvents.Cast<object>()];
    }
}
