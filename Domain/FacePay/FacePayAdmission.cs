using Ledger.Domain.Capture;

namespace Ledger.Domain.FacePay;

/// <summary>
/// What is refused before any face work, because the request itself says so: a PIN the policy asks for and the
/// terminal did not collect, an on-device template where none is accepted, a template of another model. These are
/// the terminal's mistakes, not the customer's attempts: nothing is recorded and nothing counts.
/// </summary>
public static class FacePayAdmission
{
    /// <param name="assurance">How far the capture is vouched for (a signed statement already checked against the request).</param>
    /// <param name="acceptUnattestedTemplates">Whether an on-device template counts without a hardware-attested statement
    /// (testing only: the face network is public, so anybody can compute a template from a photo).</param>
    /// <exception cref="DomainRuleViolation">device_assurance_too_low, pin_required, on_device_template_not_accepted, model_mismatch or template_size_mismatch.</exception>
    /// <param name="templateLength">How many numbers a template of the model in service has (its declared embedding size).</param>
    public static void Check(FacePaymentAttempt attempt, FacePayPolicy policy, CaptureAssurance assurance, bool acceptUnattestedTemplates,
        string currentModelId, int templateLength)
    {
        if (!policy.AllowsAmount(attempt.Amount, assurance))
            throw new DomainRuleViolation(CaptureRuleCodes.AssuranceTooLow,
                $"A capture signed by a registered (not hardware-attested) device key pays at most {Money.FromDecimal(policy.RegisteredDeviceCeiling, attempt.Amount.Currency)}.");
        if (policy.RequiresPin(attempt.Amount, assurance) && attempt.Pin is null)
            throw new DomainRuleViolation("pin_required", assurance == CaptureAssurance.Registered
                ? "A capture signed by a registered (not hardware-attested) device key always needs the customer's PIN."
                : $"Face payments above {Money.FromDecimal(policy.PinAbove, attempt.Amount.Currency)} need the customer's PIN.");
        if (attempt.Probe is not DeviceTemplate template) return;
        if (assurance != CaptureAssurance.HardwareAttested && !acceptUnattestedTemplates)
            throw new DomainRuleViolation("on_device_template_not_accepted",
                "An on-device template counts only inside a capture statement signed by a hardware-attested device key; otherwise send the capture (image).");
        if (template.ModelId != currentModelId)
            throw new DomainRuleViolation("model_mismatch",
                $"The on-device template was made by '{template.ModelId}'; enrolled templates are from '{currentModelId}'. Templates of different models are never compared.");
        if (template.Values.Length != templateLength)
            throw new DomainRuleViolation("template_size_mismatch",
                $"A template of '{currentModelId}' has {templateLength} numbers; this one has {template.Values.Length}.");
    }
}
