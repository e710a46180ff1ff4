namespace Ledger.Domain.Tests;

public class MoneyFormattingTests
{
    [Theory]
    [InlineData(1234, "EUR", "12.34 EUR")]
    [InlineData(1200, "EUR", "12.00 EUR")]
    [InlineData(0, "EUR", "0.00 EUR")]
    [InlineData(-5, "EUR", "-0.05 EUR")]
    [InlineData(1234, "JPY", "1234 JPY")]
    [InlineData(1, "BHD", "0.001 BHD")]
    [InlineData(long.MaxValue, "EUR", "92233720368547758.07 EUR")]
    public void Money_prints_with_exactly_the_currency_decimals_and_its_code(long minor, string code, string expected)
    {
        Assert.Equal(expected, new Money(minor, Currency.Of(code)).ToString());
    }
}
