namespace Ledger.Domain.Tests.Support;

/// <summary>Short ways to write money in tests: <c>Eur(12.34m)</c>, <c>EurMinor(1)</c>.</summary>
public static class Amounts
{
    public static readonly Currency EUR = Currency.Of("EUR");
    public static readonly Currency JPY = Currency.Of("JPY");
    public static readonly Currency BHD = Currency.Of("BHD");

    public static Money Eur(decimal amount) => Money.FromDecimal(amount, EUR);
    public static Money EurMinor(long minor) => new(minor, EUR);
    public static Money Jpy(decimal amount) => Money.FromDecimal(amount, JPY);
}
