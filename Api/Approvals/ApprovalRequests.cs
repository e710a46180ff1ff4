using FluentValidation;

namespace Ledger.Api.Approvals;

/// <summary>A permit to enrol a face: the SHA-256 of the customer's signed consent form (64 hex digits).</summary>
public sealed record EnrolmentApprovalRequest(string? ConsentFormSha256);

public sealed class EnrolmentApprovalRequestValidator : AbstractValidator<EnrolmentApprovalRequest>
{
    public EnrolmentApprovalRequestValidator() =>
        RuleFor(x => x.ConsentFormSha256).Must(IsSha256Hex!).WithMessage("The SHA-256 of the signed consent form, 64 hex digits.");

    public static bool IsSha256Hex(string? text) => text is { Length: 64 } && text.All(char.IsAsciiHexDigit);
}
