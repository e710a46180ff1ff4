namespace Ledger.Domain.FacePay;

/// <summary>
/// What is refused before any face work, because the request itself says so: a PIN the policy asks for and the
/// terminal did not collect, an on-device template where none is accepted, a template of another model. These are
/// the terminal's mistakes, not the customer's attempts: nothing is recorded and nothing counts.
/// </summary>
public static class FacePayAdmission
{
    /// <param name="acceptDeviceTemplates">Whether on-device templates count here; they prove nothing about a live face
    /// unless the capture comes from an attested device.</param>
    /// <exception cref="DomainRuleViolation">pin_required, on_device_template_not_accepted or model_mismatch.</exception>
    public static void Check(FacePaymentAttempt attempt, FacePayPolicy policy, bool acceptDeviceTemplates, string currentModelId)
    {
        if (policy.RequiresPin(attempt.Amount) && attempt.Pin is null)
            throw new DomainRuleViolation("pin_required",
                $"Face payments above {Money.FromDecimal(policy.PinAbove, attempt.Amount.Currency)} need the customer's PIN.");
        if (attempt.Probe is not DeviceTemplate template) return;
        if (!acceptDeviceTemplates)
            throw new DomainRuleViolation("on_device_template_not_accepted",
                "This service takes the capture (image), not an on-device template: a template counts only from an attested device, which this service cannot check yet.");
        if (template.ModelId != currentModelId)
            throw new DomainRuleViolation("model_mismatch",
                $"The on-device template was made by '{template.ModelId}'; enrolled templates are from '{currentModelId}'. Templates of different models are never compared.");
    }
}
