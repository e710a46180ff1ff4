namespace Ledger.Domain.Wallets;

/// <summary>The payment limits a wallet enforces. All amounts are in the wallet's currency.</summary>
public sealed record WalletLimits(Money PerPayment, Money DailyAmount, int DailyCount)
{
    /// <summary>Limits for a new wallet when the operator gives none (a conservative retail default).</summary>
    public static WalletLimits DefaultFor(Currency currency) =>
        new(Money.FromDecimal(200m, currency), Money.FromDecimal(500m, currency), 20);

    public void EnsureValidFor(Currency currency)
    {
        if (PerPayment.Currency != currency || DailyAmount.Currency != currency)
            throw new DomainRuleViolation(RuleCodes.CurrencyMismatch, $"Limits must be in the wallet's currency {currency}.");
        if (!PerPayment.IsPositive || !DailyAmount.IsPositive || DailyCount <= 0)
            throw new DomainRuleViolation(RuleCodes.InvalidLimits, "Every limit must be positive.");
        if (PerPayment > DailyAmount)
            throw new DomainRuleViolation(RuleCodes.InvalidLimits, "The per-payment limit cannot exceed the daily amount limit.");
    }
}
