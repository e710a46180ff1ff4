using FluentValidation;

namespace Ledger.Api.Merchants;

public sealed record OnboardMerchantRequest(string? Name, string? SettlementCurrency, string? SettlementAccount);

public sealed record GeoPointRequest(double? Latitude, double? Longitude);

public sealed record RegisterTerminalRequest(Guid? MerchantId, string? Label, GeoPointRequest? Location);

public sealed class OnboardMerchantRequestValidator : AbstractValidator<OnboardMerchantRequest>
{
    public OnboardMerchantRequestValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.SettlementCurrency).NotEmpty().Must(c => Domain.Currency.TryParse(c, out _))
            .WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.");
        RuleFor(x => x.SettlementAccount).NotEmpty().Matches("^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$")
            .WithMessage("Give the settlement account as an IBAN without spaces.");
    }
}

public sealed class RegisterTerminalRequestValidator : AbstractValidator<RegisterTerminalRequest>
{
    public RegisterTerminalRequestValidator()
    {
        RuleFor(x => x.MerchantId).NotNull().NotEqual(Guid.Empty);
        RuleFor(x => x.Label).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Location!.Latitude).NotNull().InclusiveBetween(-90, 90).When(x => x.Location is not null);
        RuleFor(x => x.Location!.Longitude).NotNull().InclusiveBetween(-180, 180).When(x => x.Location is not null);
    }
}
