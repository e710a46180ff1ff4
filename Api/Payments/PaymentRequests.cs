using FluentValidation;
using Ledger.Api.Http;

namespace Ledger.Api.Payments;

public sealed record AuthorizePaymentRequest(Guid? WalletId, Guid? TerminalId, string? Amount, string? Currency);

public sealed record RefundRequest(string? Amount, string? Currency, string? Reason);

public sealed class AuthorizePaymentRequestValidator : AbstractValidator<AuthorizePaymentRequest>
{
    public AuthorizePaymentRequestValidator()
    {
        RuleFor(x => x.WalletId).NotNull().NotEqual(Guid.Empty);
        RuleFor(x => x.TerminalId).NotNull().NotEqual(Guid.Empty);
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
