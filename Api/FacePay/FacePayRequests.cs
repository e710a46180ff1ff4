using FluentValidation;
using Ledger.Api.Http;
using Ledger.Domain.Wallets;

namespace Ledger.Api.FacePay;

/// <summary>How the shopper narrowed the search at the till: exactly one of these.</summary>
public sealed record CustomerHintRequest(string? PhoneLastFour, string? PhoneNumber, Guid? WalletId);

/// <summary>A template computed on the terminal, by the model it names.</summary>
public sealed record OnDeviceTemplateRequest(string? ModelId, float[]? Values);

/// <summary>
/// Verify-and-pay: the capture (JPEG/PNG/WebP, base64) or an on-device template, the amount, the customer hint and,
/// above the policy's amount, the PIN. As multipart/form-data the capture is the file part <c>image</c> and the
/// other fields are form fields (<c>phoneLastFour</c>, <c>phoneNumber</c>, <c>walletId</c> for the hint).
/// </summary>
/// <param name="Statement">The capture statement signed by the terminal's device key (COSE_Sign1, base64), required on a
/// production configuration.</param>
/// <param name="Frames">Instead of one image: the frames of a live challenge, in the order taken (base64 each).</param>
public sealed record FacePaymentRequest(
    Guid? TerminalId, string? Amount, string? Currency, CustomerHintRequest? Customer, string? Pin, string? Image,
    OnDeviceTemplateRequest? Template, string? Statement = null, string[]? Frames = null);

/// <summary>
/// The customer's consent as the operator took it, with its evidence: the SHA-256 of the signed consent form and the
/// enrolment permit a second operator approved for it (POST /v1/wallets/{id}/face/enrolment-approvals).
/// </summary>
public sealed record EnrolmentConsentRequest(string? Purpose, string? PolicyVersion, string? FormSha256 = null, Guid? ApprovalId = null);

/// <summary>Enrolment: the capture (base64, or the file part <c>image</c> of a multipart form) and the consent.</summary>
public sealed record EnrolFaceRequest(string? Image, EnrolmentConsentRequest? Consent);

public sealed record SetPinRequest(string? Pin);

public sealed class FacePaymentRequestValidator : AbstractValidator<FacePaymentRequest>
{
    public const int MaxFrames = 5;

    /// <summary>More than any recognizer of the pack declares (faceres: 1024).</summary>
    public const int MaxTemplateValues = 4096;

    public FacePaymentRequestValidator()
    {
        RuleFor(x => x.TerminalId).NotNull().NotEqual(Guid.Empty);
        this.ValidAmount(x => x.Amount, x => x.Currency);
        RuleFor(x => x.Customer).NotNull().WithMessage("Give the customer hint the terminal asked for: phoneLastFour, phoneNumber or walletId.");
        RuleFor(x => x.Customer!).SetValidator(new CustomerHintValidator()).When(x => x.Customer is not null);
        RuleFor(x => x.Pin).Must(Infrastructure.Biometrics.PinHasher.IsWellFormed!).When(x => x.Pin is not null)
            .WithMessage("A PIN is 4 to 8 digits.");
        RuleFor(x => x).Must(x => new object?[] { x.Image, x.Template, x.Frames }.Count(v => v is not null) == 1).OverridePropertyName("image")
            .WithMessage("Send exactly one of: the capture (image), the frames of a live challenge (frames), an on-device template (template).");
        RuleFor(x => x.Frames).Must(f => f!.Length is >= 2 and <= MaxFrames && f.All(frame => FaceCaptures.IsBase64Capture(frame)))
            .When(x => x.Frames is not null)
            .WithMessage($"frames are 2 to {MaxFrames} captures, each base64 of at most {FaceCaptures.MaxCaptureBytes / (1024 * 1024)} MiB (JPEG, PNG or WebP).");
        RuleFor(x => x.Image).Must(FaceCaptures.IsBase64Capture!).When(x => x.Image is not null)
            .WithMessage($"The image must be base64 of at most {FaceCaptures.MaxCaptureBytes / (1024 * 1024)} MiB (a JPEG, PNG or WebP file).");
        RuleFor(x => x.Template!.ModelId).NotEmpty().MaximumLength(200).When(x => x.Template is not null).OverridePropertyName("template.modelId");
        // Its size is the model's (checked against the model in service before any face work: template_size_mismatch).
        RuleFor(x => x.Template!.Values).Must(v => v is { Length: > 0 and <= MaxTemplateValues } && v.All(float.IsFinite))
            .When(x => x.Template is not null).OverridePropertyName("template.values")
            .WithMessage($"An on-device template is 1 to {MaxTemplateValues} finite numbers.");
        RuleFor(x => x.Statement).Must(s => Capture.Base64.IsWithin(s, Infrastructure.Capture.CaptureStatementVerifier.MaxBytes))
            .When(x => x.Statement is not null)
            .WithMessage($"statement is base64 of a COSE_Sign1 capture statement of at most {Infrastructure.Capture.CaptureStatementVerifier.MaxBytes} bytes.");
    }
}

public sealed class CustomerHintValidator : AbstractValidator<CustomerHintRequest>
{
    public CustomerHintValidator()
    {
        RuleFor(x => x).Must(h => new object?[] { h.PhoneLastFour, h.PhoneNumber, h.WalletId }.Count(v => v is not null) == 1)
            .OverridePropertyName("customer").WithMessage("Give exactly one of phoneLastFour, phoneNumber, walletId.");
        RuleFor(x => x.PhoneLastFour).Must(s => s!.Length == 4 && s.All(char.IsAsciiDigit)).When(x => x.PhoneLastFour is not null)
            .WithMessage("phoneLastFour is the last 4 digits of the phone number.");
        RuleFor(x => x.PhoneNumber).Must(s => PhoneNumber.TryParse(s, out _)).When(x => x.PhoneNumber is not null)
            .WithMessage("phoneNumber must be in E.164 form, e.g. +4915112345678.");
        RuleFor(x => x.WalletId).NotEqual(Guid.Empty).When(x => x.WalletId is not null);
    }
}

public sealed class EnrolFaceRequestValidator : AbstractValidator<EnrolFaceRequest>
{
    public EnrolFaceRequestValidator()
    {
        RuleFor(x => x.Image).Cascade(CascadeMode.Stop).NotEmpty().Must(FaceCaptures.IsBase64Capture!)
            .WithMessage($"The image must be base64 of at most {FaceCaptures.MaxCaptureBytes / (1024 * 1024)} MiB (a JPEG, PNG or WebP file).");
        RuleFor(x => x.Consent).NotNull().WithMessage("Enrolment needs the customer's explicit consent: purpose and policyVersion.");
        RuleFor(x => x.Consent!.Purpose).NotEmpty().MaximumLength(200).When(x => x.Consent is not null).OverridePropertyName("consent.purpose");
        RuleFor(x => x.Consent!.PolicyVersion).NotEmpty().MaximumLength(100).When(x => x.Consent is not null).OverridePropertyName("consent.policyVersion");
        RuleFor(x => x.Consent!.FormSha256).Must(Approvals.EnrolmentApprovalRequestValidator.IsSha256Hex!).When(x => x.Consent is not null)
            .OverridePropertyName("consent.formSha256").WithMessage("The SHA-256 of the signed consent form, 64 hex digits.");
        RuleFor(x => x.Consent!.ApprovalId).NotNull().NotEqual(Guid.Empty).When(x => x.Consent is not null).OverridePropertyName("consent.approvalId")
            .WithMessage("The enrolment permit another operator approved (POST /v1/wallets/{id}/face/enrolment-approvals).");
    }
}

public sealed class SetPinRequestValidator : AbstractValidator<SetPinRequest>
{
    public SetPinRequestValidator() =>
        RuleFor(x => x.Pin).Must(Infrastructure.Biometrics.PinHasher.IsWellFormed!).WithMessage("A PIN is 4 to 8 digits.");
}
