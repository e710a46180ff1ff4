using FluentValidation;
using Ledger.Api.Http;

namespace Ledger.Api.Payments;

/// <summary>
/// A terminal asks to be paid with the one-time code the customer's device shows. There is no wallet field: a
/// terminal never chooses whose money moves (a body naming one is refused as an unknown member).
/// </summary>
public sealed record AuthorizePaymentRequest(Guid? TerminalId, string? Amount, string? Currency, string? PaymentCode);

public sealed record RefundRequest(string? Amount, string? Currency, string? Reason);

public sealed class AuthorizePaymentRequestValidator : AbstractValidator<AuthorizePaymentRequest>
{
    public AuthorizePaymentRequestValidator()
    {
        RuleFor(x => x.TerminalId).NotNull().NotEqual(Guid.Empty);
        RuleFor(x => x.PaymentCode).NotEmpty()
            .Must(code => Domain.PaymentCodes.PaymentCode.TryParse(code, out _))
            .WithMessage("A payment code is the digits the customer's device shows (81, credential, code, check digit).");
        this.ValidAmount(x => x.Amount, x => x.Currency);
    }
}

public sealed class RefundRequestValidator : AbstractValidator<RefundRequest>
{
    public RefundRequestValidator()
    {
        this.ValidAmount(x => x.Amount, x => x.Currency);
        RuleFor(x => x.Reason).NotEmpty().MaximumLength(500);
    }
}
