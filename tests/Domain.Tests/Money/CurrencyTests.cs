namespace Ledger.Domain.Tests;

public class CurrencyTests
{
    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("KRW", 0)]
    [InlineData("EUR", 2)]
    [InlineData("CNY", 2)]
    [InlineData("USD", 2)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("CLF", 4)]
    public void A_currency_carries_its_ISO_4217_number_of_decimals(string code, int decimals)
    {
        var currency = Currency.Of(code);

        Assert.Equal(code, currency.Code);
        Assert.Equal(decimals, currency.Decimals);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("")]
    [InlineData("XAU")] // a precious metal: no wallet holds it
    public void An_unknown_currency_code_is_refused(string code)
    {
        var refusal = Assert.Throws<DomainRuleViolation>(() => Currency.Of(code));

        Assert.Equal(RuleCodes.UnknownCurrency, refusal.Code);
    }

    [Fact]
    public void TryParse_says_no_to_null_and_unknown_codes_and_yes_to_known_ones()
    {
        Assert.False(Currency.TryParse(null, out _));
        Assert.False(Currency.TryParse("ABC", out _));
        Assert.True(Currency.TryParse("BHD", out var bhd));
        Assert.Equal(3, bhd.Decimals);
    }

    [Fact]
    public void The_same_code_gives_equal_currencies()
    {
        Assert.Equal(Currency.Of("EUR"), Currency.Of("EUR"));
        Assert.NotEqual(Currency.Of("EUR"), Currency.Of("USD"));
    }

    [Fact]
    public void Every_known_code_is_three_upper_case_letters_with_zero_to_four_decimals()
    {
        Assert.NotEmpty(Currency.KnownCodes);
        Assert.All(Currency.KnownCodes, code =>
        {
            Assert.Matches("^[A-Z]{3}$", code);
            Assert.InRange(Currency.Of(code).Decimals, 0, 4);
        });
    }
}
