namespace Ledger.Api.FacePay;

/// <summary>
/// After a model upgrade (<c>Vision:Recognizer</c> changed), the older recognizers whose templates are still compared so
/// that a customer's next successful payment renews their template for the model in service (<c>FacePay:RenewTemplatesFrom</c>,
/// comma-separated recognizer ids, e.g. <c>face_recognition</c>). Empty: a template of another model asks for re-enrolment.
/// </summary>
public sealed record TemplateRenewalOptions(IReadOnlyList<string> From)
{
    public static TemplateRenewalOptions Read(IConfiguration configuration) =>
        new((configuration["FacePay:RenewTemplatesFrom"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
