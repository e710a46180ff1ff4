using System.Globalization;
using Ledger.Domain;

namespace Ledger.Api.Http;

/// <summary>
/// Amounts cross the HTTP boundary as decimal strings in major units ("12.34"), never as JSON
/// numbers, so no client's float parser can round them.
/// </summary>
public static class MoneyText
{
    public static bool TryParse(string? amount, string? currencyCode, out Money money)
    {
        money = null!;
        if (!Currency.TryParse(currencyCode, out var currency) || !IsPlainDecimal(amount)) return false;
        if (!decimal.TryParse(amount, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return false;
        try
        {
            money = Money.FromDecimal(value, currency);
            return true;
        }
        catch (DomainRuleViolation)
        {
            return false;
        }
    }

    public static Money Parse(string amount, string currency) =>
        TryParse(amount, currency, out var money) ? money : throw new FormatException($"'{amount} {currency}' is not an amount.");

    /// <summary>Digits with an optional sign and at most one decimal point: no exponents, no thousands separators.</summary>
    public static bool IsPlainDecimal(string? text) =>
        !string.IsNullOrEmpty(text) && text.Length <= 24
        && System.Text.RegularExpressions.Regex.IsMatch(text, @"^-?[0-9]+(\.[0-9]+)?$");

    public static int DecimalsOf(string amount) => amount.Contains('.') ? amount.Length - amount.IndexOf('.') - 1 : 0;

    public static string Format(Money money) => money.ToDecimal().ToString("F" + money.Currency.Decimals, CultureInfo.InvariantCulture);
}
