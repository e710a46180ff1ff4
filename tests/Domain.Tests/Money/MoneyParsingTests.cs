using System.Globalization;
using static Ledger.Domain.Tests.Support.Amounts;

namespace Ledger.Domain.Tests;

public class MoneyParsingTests
{
    [Theory]
    [InlineData("12.34", "EUR", 1234)]
    [InlineData("12.30", "EUR", 1230)]
    [InlineData("12.340", "EUR", 1234)] // trailing zeros are not extra decimals
    [InlineData("1234", "JPY", 1234)]
    [InlineData("1.234", "BHD", 1234)]
    [InlineData("0.001", "BHD", 1)]
    [InlineData("-7.5", "EUR", -750)]
    public void A_decimal_amount_becomes_integer_minor_units_of_its_currency(string amount, string code, long minor)
    {
        var money = Money.FromDecimal(decimal.Parse(amount, CultureInfo.InvariantCulture), Currency.Of(code));

        Assert.Equal(minor, money.Minor);
        Assert.Equal(Currency.Of(code), money.Currency);
    }

    [Theory]
    [InlineData("12.345", "EUR")]
    [InlineData("0.001", "EUR")]
    [InlineData("1.5", "JPY")]
    [InlineData("0.0001", "BHD")]
    public void More_decimals_than_the_currency_has_are_refused(string amount, string code)
    {
        var refusal = Assert.Throws<DomainRuleViolation>(() =>
            Money.FromDecimal(decimal.Parse(amount, CultureInfo.InvariantCulture), Currency.Of(code)));

        Assert.Equal(RuleCodes.TooManyDecimals, refusal.Code);
    }

    [Fact]
    public void The_largest_amount_that_fits_in_minor_units_is_accepted()
    {
        var money = Money.FromDecimal(92_233_720_368_547_758.07m, EUR);

        Assert.Equal(long.MaxValue, money.Minor);
    }

    [Fact]
    public void One_minor_unit_beyond_the_range_is_refused()
    {
        var refusal = Assert.Throws<DomainRuleViolation>(() => Money.FromDecimal(92_233_720_368_547_758.08m, EUR));

        Assert.Equal(RuleCodes.AmountOutOfRange, refusal.Code);
    }

    [Fact]
    public void An_amount_too_large_even_for_decimal_scaling_is_refused_as_out_of_range()
    {
        var refusal = Assert.Throws<DomainRuleViolation>(() => Money.FromDecimal(decimal.MaxValue, BHD));

        Assert.Equal(RuleCodes.AmountOutOfRange, refusal.Code);
    }

    [Fact]
    public void Money_cannot_be_built_without_a_currency()
    {
        Assert.Throws<ArgumentNullException>(() => new Money(1, null!));
    }

    [Theory]
    [InlineData(1234, "EUR", "12.34")]
    [InlineData(1234, "JPY", "1234")]
    [InlineData(1, "BHD", "0.001")]
    [InlineData(-5, "EUR", "-0.05")]
    public void ToDecimal_gives_back_the_amount_in_major_units(long minor, string code, string expected)
    {
        var money = new Money(minor, Currency.Of(code));

        Assert.Equal(decimal.Parse(expected, CultureInfo.InvariantCulture), money.ToDecimal());
    }
}
