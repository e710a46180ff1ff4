using Ledger.Domain.Merchants;
using Ledger.Domain.Terminals;
using Ledger.Domain.Wallets;

namespace Ledger.Domain.Payments;

public static class PaymentDecider
{
    /// <summary>
    /// Decides a payment at a terminal. Wallet rules produce a recorded decline; a command that
    /// cannot even be considered (unknown wallet, suspended terminal) is refused with no events.
    /// A payment id that was already decided returns nothing: the first decision stands.
    /// </summary>
    public static PaymentOutcome Authorize(
        AuthorizePayment command, Payment? existing, Wallet? wallet, Terminal? terminal, Merchant? merchant)
    {
        if (existing is not null) return PaymentOutcome.Nothing;
        (terminal, merchant) = TerminalTakingPayment(command.TerminalId, command.Amount, terminal, merchant);
        if (wallet is null)
            throw new DomainRuleViolation(RuleCodes.NotFound, $"Wallet {command.WalletId} does not exist.");
        EnsureWalletCurrency(wallet, command.Amount);

        var (reason, inputs) = LimitRules.Evaluate(wallet, command.Amount, command.Now);
        if (reason is { } declined)
            return new PaymentOutcome(
                [new PaymentDeclined(command.PaymentId, wallet.Id, merchant.Id, terminal.Id, command.Amount, declined, inputs, command.Now)],
                []);

        return new PaymentOutcome(
            [new PaymentAuthorized(command.PaymentId, wallet.Id, merchant.Id, terminal.Id, command.Amount, inputs, command.Now)],
            [new WalletDebited(wallet.Id, command.PaymentId, merchant.Id, command.Amount, command.Now)]);
    }

    /// <summary>
    /// What any payment at a terminal needs before a wallet is even considered: a positive amount, an active
    /// terminal of an active merchant, and the amount in the merchant's settlement currency. Refused otherwise.
    /// </summary>
    internal static (Terminal Terminal, Merchant Merchant) TerminalTakingPayment(Guid terminalId, Money amount, Terminal? terminal, Merchant? merchant)
    {
        if (!amount.IsPositive)
            throw new DomainRuleViolation(RuleCodes.AmountNotPositive, "A payment amount must be positive.");
        if (terminal is null)
            throw new DomainRuleViolation(RuleCodes.NotFound, $"Terminal {terminalId} does not exist.");
        if (terminal.ThrottledForFailedAttempts)
            throw new DomainRuleViolation(RuleCodes.TooManyFailedAttempts,
                "The terminal made too many failed attempts and is suspended until an operator reactivates it.");
        if (terminal.Status != TerminalStatus.Active)
            throw new DomainRuleViolation(RuleCodes.TerminalNotActive, "The terminal is suspended.");
        if (merchant is null || merchant.Id != terminal.MerchantId || merchant.Status != MerchantStatus.Active)
            throw new DomainRuleViolation(RuleCodes.MerchantNotActive, "The terminal's merchant is not active.");
        if (amount.Currency != merchant.SettlementCurrency)
            throw new DomainRuleViolation(RuleCodes.CurrencyMismatch, $"The merchant settles in {merchant.SettlementCurrency}; the payment is in {amount.Currency}.");
        return (terminal, merchant);
    }

    internal static void EnsureWalletCurrency(Wallet wallet, Money amount)
    {
        if (amount.Currency != wallet.Currency)
            throw new DomainRuleViolation(RuleCodes.CurrencyMismatch, $"The wallet holds {wallet.Currency}; the payment is in {amount.Currency}.");
    }

    /// <summary>Refunds never exceed what was captured; refunds still reach a frozen wallet, not a closed one.</summary>
    public static PaymentOutcome Refund(RefundPayment command, Payment? payment, Wallet? wallet)
    {
        if (payment is null)
            throw new DomainRuleViolation(RuleCodes.NotFound, $"Payment {command.PaymentId} does not exist.");
        if (payment.Status == PaymentStatus.Declined)
            throw new DomainRuleViolation(RuleCodes.PaymentNotAuthorized, "A declined payment cannot be refunded.");
        if (command.Amount.Currency != payment.Amount.Currency)
            throw new DomainRuleViolation(RuleCodes.CurrencyMismatch, $"The payment is in {payment.Amount.Currency}.");
        if (!command.Amount.IsPositive)
            throw new DomainRuleViolation(RuleCodes.AmountNotPositive, "A refund amount must be positive.");
        if (command.Amount > payment.Refundable)
            throw new DomainRuleViolation(RuleCodes.RefundExceedsCaptured,
                $"Only {payment.Refundable} of {payment.Amount} is left to refund.");
        if (wallet is null || wallet.Status == WalletStatus.Closed)
            throw new DomainRuleViolation(RuleCodes.WalletClosed, "The payer's wallet is closed; refund outside the ledger.");

        var total = payment.Refunded + command.Amount;
        var walletId = payment.WalletId!.Value; // only declined attempts lack a wallet, and those were refused above
        return new PaymentOutcome(
            [new PaymentRefunded(payment.Id, command.RefundId, walletId, payment.MerchantId, command.Amount, total, command.Now)],
            [new WalletCredited(walletId, payment.Id, command.RefundId, command.Amount, command.Now)]);
    }

    public static Payment? Evolve(Payment? payment, object @event) => (payment, @event) switch
    {
        (null, PaymentAuthorized e) => new Payment(e.PaymentId, e.WalletId, e.MerchantId, e.TerminalId, e.Amount,
            PaymentStatus.Authorized, null, Money.Zero(e.Amount.Currency), e.Inputs, e.AuthorizedAt, e.Inputs.Face),
        (null, PaymentDeclined e) => new Payment(e.PaymentId, e.WalletId, e.MerchantId, e.TerminalId, e.Amount,
            PaymentStatus.Declined, e.Reason, Money.Zero(e.Amount.Currency), e.Inputs, e.DeclinedAt, e.Inputs.Face),
        (null, FacePay.FaceVerificationFailed e) => new Payment(e.PaymentId, e.WalletId, e.MerchantId, e.TerminalId, e.Amount,
            PaymentStatus.Declined, e.Reason, Money.Zero(e.Amount.Currency), null, e.FailedAt, e.Evidence),
        (null, PaymentCodes.PaymentCodeRefused e) => new Payment(e.PaymentId, null, e.MerchantId, e.TerminalId, e.Amount,
            PaymentStatus.Declined, e.Reason, Money.Zero(e.Amount.Currency), null, e.RefusedAt),
        (null, _) => null,
        (_, FacePay.FaceOperatingPointRecorded e) => payment with { OperatingPoint = e.OperatingPoint },
        (_, PaymentRefunded e) => payment with
        {
            Refunded = e.RefundedTotal,
            Status = e.RefundedTotal == payment.Amount ? PaymentStatus.Refunded : PaymentStatus.PartiallyRefunded,
        },
        _ => payment,
    };
}
