using FluentValidation;
using Ledger.Api.Http;

namespace Ledger.Api.Wallets;

public sealed record LimitsRequest(string? PerPayment, string? DailyAmount, int? DailyCount, string? Currency);

public sealed record OpenWalletRequest(string? CustomerName, string? PhoneNumber, string? Currency, LimitsRequest? Limits);

/// <summary>A top-up or a payout: money entering or leaving the system, with the rail's reference.</summary>
public sealed record MoneyMovementRequest(string? Amount, string? Currency, string? Reference);

public sealed record ConsentRequest(string? PolicyVersion);

public sealed record ReasonRequest(string? Reason);

public sealed class LimitsRequestValidator : AbstractValidator<LimitsRequest>
{
    public LimitsRequestValidator()
    {
        this.ValidAmount(x => x.PerPayment, x => x.Currency, "perPayment");
        this.ValidAmount(x => x.DailyAmount, x => x.Currency, "dailyAmount");
        RuleFor(x => x.DailyCount).NotNull().InclusiveBetween(1, 10_000);
    }
}

public sealed class OpenWalletRequestValidator : AbstractValidator<OpenWalletRequest>
{
    public OpenWalletRequestValidator()
    {
        RuleFor(x => x.CustomerName).NotEmpty().MaximumLength(200);
        RuleFor(x => x.PhoneNumber).NotEmpty().Matches(@"^\+[1-9][0-9 \-]{7,20}$")
            .WithMessage("Give the phone number in E.164 form, e.g. +4915112345678.");
        RuleFor(x => x.Currency).NotEmpty().Must(c => Domain.Currency.TryParse(c, out _))
            .WithMessage("'{PropertyValue}' is not an ISO 4217 currency code.");
        RuleFor(x => x.Limits!).SetValidator(new LimitsRequestValidator()).When(x => x.Limits is not null);
        RuleFor(x => x.Limits!.Currency).Equal(x => x.Currency).When(x => x.Limits is not null)
            .WithMessage("Limits must be in the wallet's currency.");
    }
}

public sealed class MoneyMovementRequestValidator : AbstractValidator<MoneyMovementRequest>
{
    public MoneyMovementRequestValidator()
    {
        this.ValidAmount(x => x.Amount, x => x.Currency);
        RuleFor(x => x.Reference).NotEmpty().MaximumLength(100);
    }
}

public sealed class ConsentRequestValidator : AbstractValidator<ConsentRequest>
{
    public ConsentRequestValidator() => RuleFor(x => x.PolicyVersion).NotEmpty().MaximumLength(64);
}

public sealed class ReasonRequestValidator : AbstractValidator<ReasonRequest>
{
    public ReasonRequestValidator() => RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
}
