using Ledger.Domain.Merchants;
using Ledger.Domain.Payments;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.PaymentCodes;

/// <summary>
/// Pays with a customer-presented code: the terminal and merchant must be able to take the payment; then the code
/// (as <see cref="PaymentCodeDecider"/> decided it) names the wallet or the attempt is declined; then the wallet's
/// own rules decide, as for any payment. An accepted code is used up even when the wallet then declines.
/// </summary>
public static class PayByCodeDecider
{
    public static CodePaymentOutcome Decide(PayByCode command, PaymentCodeDecision code, PaymentCodePolicy policy, Wallet? wallet,
        Terminal? terminal, Merchant? merchant)
    {
        (terminal, merchant) = PaymentDecider.TerminalTakingPayment(command.TerminalId, command.Amount, terminal, merchant);
        if (code.Reason is { } refused)
        {
            var reason = refused == PaymentCodeRejection.CodeCeilingExceeded ? DeclineReason.StepUpRequired : DeclineReason.PaymentCodeRejected;
            var credential = refused == PaymentCodeRejection.UnknownCredential ? (Guid?)null : command.Code.Credential.StreamId;
            return new CodePaymentOutcome(
                new PaymentOutcome([new PaymentCodeRefused(command.PaymentId, credential, merchant.Id, terminal.Id, command.Amount, reason,
                    refused.Code(), policy.Version, command.Now)], []),
                code.Events);
        }
        if (wallet is null || wallet.Id != code.WalletId)
            throw new InvalidOperationException("An accepted code must come with its wallet.");
        var payment = PaymentDecider.Authorize(new AuthorizePayment(command.PaymentId, wallet.Id, terminal.Id, command.Amount, command.Now),
            existing: null, wallet, terminal, merchant);
        return new CodePaymentOutcome(payment, code.Events);
    }
}
