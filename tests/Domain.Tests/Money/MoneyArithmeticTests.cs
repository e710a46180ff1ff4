using static Ledger.Domain.Tests.Support.Amounts;

namespace Ledger.Domain.Tests;

public class MoneyArithmeticTests
{
    [Fact]
    public void Adding_and_subtracting_work_in_minor_units()
    {
        Assert.Equal(Eur(12.35m), Eur(12.34m) + EurMinor(1));
        Assert.Equal(Eur(12.33m), Eur(12.34m) - EurMinor(1));
        Assert.Equal(Eur(-12.34m), -Eur(12.34m));
    }

    [Fact]
    public void Adding_one_minor_unit_to_the_largest_amount_throws_instead_of_wrapping()
    {
        var largest = new Money(long.MaxValue, EUR);

        Assert.Throws<OverflowException>(() => largest + EurMinor(1));
    }

    [Fact]
    public void Subtracting_below_the_smallest_amount_throws_instead_of_wrapping()
    {
        var smallest = new Money(long.MinValue, EUR);

        Assert.Throws<OverflowException>(() => smallest - EurMinor(1));
        Assert.Throws<OverflowException>(() => -smallest);
    }

    [Fact]
    public void Amounts_in_different_currencies_cannot_be_added_or_subtracted()
    {
        Assert.Equal(RuleCodes.CurrencyMismatch, Assert.Throws<DomainRuleViolation>(() => Eur(1m) + Jpy(1m)).Code);
        Assert.Equal(RuleCodes.CurrencyMismatch, Assert.Throws<DomainRuleViolation>(() => Eur(1m) - Jpy(1m)).Code);
    }

    [Fact]
    public void Amounts_in_different_currencies_cannot_be_compared()
    {
        Assert.Equal(RuleCodes.CurrencyMismatch, Assert.Throws<DomainRuleViolation>(() => Eur(1m) > Jpy(1m)).Code);
        Assert.Equal(RuleCodes.CurrencyMismatch, Assert.Throws<DomainRuleViolation>(() => Eur(1m) <= Jpy(1m)).Code);
        Assert.Equal(RuleCodes.CurrencyMismatch, Assert.Throws<DomainRuleViolation>(() => Eur(1m).CompareTo(Jpy(1m))).Code);
    }

    [Fact]
    public void Comparisons_order_by_amount()
    {
        Assert.True(Eur(1.00m) < Eur(1.01m));
        Assert.True(Eur(1.01m) > Eur(1.00m));
        Assert.True(Eur(1.00m) >= Eur(1.00m));
        Assert.True(Eur(1.00m) <= Eur(1.00m));
        Assert.False(Eur(1.01m) <= Eur(1.00m));
        Assert.True(Eur(2m).CompareTo(Eur(1m)) > 0);
        Assert.True(Eur(1m).CompareTo(null) > 0);
    }

    [Fact]
    public void Money_is_equal_by_amount_and_currency()
    {
        Assert.Equal(EurMinor(100), Eur(1m));
        Assert.NotEqual(Eur(1m), EurMinor(101));
        Assert.NotEqual(new Money(100, EUR), new Money(100, Currency.Of("USD")));
    }

    [Fact]
    public void Sign_predicates_tell_positive_zero_and_negative_apart()
    {
        Assert.True(EurMinor(1).IsPositive);
        Assert.False(EurMinor(0).IsPositive);
        Assert.True(Money.Zero(EUR).IsZero);
        Assert.True(EurMinor(-1).IsNegative);
        Assert.False(EurMinor(0).IsNegative);
    }
}
