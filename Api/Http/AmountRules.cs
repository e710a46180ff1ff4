using System.Globalization;
using FluentValidation;
using Ledger.Domain;

namespace Ledger.Api.Http;

/// <summary>Shared FluentValidation rules for an amount (a decimal string) and its currency.</summary>
public static class AmountRules
{
    private const decimal Ceiling = 1_000_000_000_000m;

    public static void ValidAmount<T>(this AbstractValidator<T> validator, Func<T, string?> amount, Func<T, string?> currency,
        string amountName = "amount", string currencyName = "currency")
    {
        validator.RuleFor(x => currency(x))
            .NotEmpty().WithMessage("A currency is required.")
            .Must(c => Currency.TryParse(c, out _)).WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.")
            .OverridePropertyName(currencyName);

        validator.RuleFor(x => amount(x)).Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("An amount is required.")
            .Must(MoneyText.IsPlainDecimal).WithMessage("Give the amount as a decimal string such as \"12.34\".")
            .Must((x, a) => !Currency.TryParse(currency(x), out var c) || MoneyText.DecimalsOf(a!) <= c.Decimals)
            .WithMessage(x => $"{currency(x)} allows {(Currency.TryParse(currency(x), out var c) ? c.Decimals : 0)} decimal place(s); '{amount(x)}' has more.")
            .Must(a => decimal.Parse(a!, CultureInfo.InvariantCulture) > 0).WithMessage("The amount must be greater than zero.")
            .Must(a => decimal.Parse(a!, CultureInfo.InvariantCulture) < Ceiling).WithMessage("The amount is out of range.")
            .OverridePropertyName(amountName);
    }
}
