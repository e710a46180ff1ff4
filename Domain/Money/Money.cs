using System.Text.Json.Serialization;

namespace Ledger.Domain;

/// <summary>
/// An amount in integer minor units of one currency. Never floating point; arithmetic is checked,
/// so an overflow throws instead of wrapping silently.
/// </summary>
public sealed record Money(long Minor, Currency Currency) : IComparable<Money>
{
    public Currency Currency { get; } = Currency ?? throw new ArgumentNullException(nameof(Currency));

    public static Money Zero(Currency currency) => new(0, currency);

    /// <summary>Parses a decimal amount such as "12.34", refusing more decimals than the currency has.</summary>
    public static Money FromDecimal(decimal amount, Currency currency)
    {
        decimal scaled;
        try
        {
            scaled = amount * Pow10(currency.Decimals);
        }
        catch (OverflowException)
        {
            // Near decimal.MaxValue the scaling itself overflows: still just an amount out of range.
            throw new DomainRuleViolation(RuleCodes.AmountOutOfRange, $"{amount} {currency.Code} is out of range.");
        }
        if (scaled != decimal.Truncate(scaled))
            throw new DomainRuleViolation(RuleCodes.TooManyDecimals,
                $"{currency.Code} has {currency.Decimals} decimal(s); {amount} has more.");
        if (scaled is > long.MaxValue or < long.MinValue)
            throw new DomainRuleViolation(RuleCodes.AmountOutOfRange, $"{amount} {currency.Code} is out of range.");
        return new Money((long)scaled, currency);
    }

    public decimal ToDecimal() => Minor / (decimal)Pow10(Currency.Decimals);

    [JsonIgnore] public bool IsPositive => Minor > 0;
    [JsonIgnore] public bool IsNegative => Minor < 0;
    [JsonIgnore] public bool IsZero => Minor == 0;

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + SameCurrency(a, b).Minor), a.Currency);
    public static Money operator -(Money a, Money b) => new(checked(a.Minor - SameCurrency(a, b).Minor), a.Currency);
    public static Money operator -(Money a) => new(checked(-a.Minor), a.Currency);
    public static bool operator >(Money a, Money b) => a.Minor > SameCurrency(a, b).Minor;
    public static bool operator <(Money a, Money b) => a.Minor < SameCurrency(a, b).Minor;
    public static bool operator >=(Money a, Money b) => a.Minor >= SameCurrency(a, b).Minor;
    public static bool operator <=(Money a, Money b) => a.Minor <= SameCurrency(a, b).Minor;

    public int CompareTo(Money? other) => other is null ? 1 : Minor.CompareTo(SameCurrency(this, other).Minor);

    public override string ToString() =>
        ToDecimal().ToString("F" + Currency.Decimals, System.Globalization.CultureInfo.InvariantCulture) + " " + Currency.Code;

    private static Money SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency
            ? b
            : throw new DomainRuleViolation(RuleCodes.CurrencyMismatch, $"Cannot combine {a.Currency} with {b.Currency}.");

    private static long Pow10(int exponent)
    {
        long result = 1;
        for (var i = 0; i < exponent; i++) result *= 10;
        return result;
    }
}
