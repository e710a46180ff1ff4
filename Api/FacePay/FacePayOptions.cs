using Ledger.Domain.FacePay;

namespace Ledger.Api.FacePay;

/// <summary>
/// Face-pay policy and enrolment gates from configuration (section <c>FacePay</c>), defaulting to
/// <see cref="FacePayPolicy.Default"/> and <see cref="EnrolmentQuality.Default"/>. A changed value needs a new
/// <c>FacePay:PolicyVersion</c>: the version is what decisions record.
/// </summary>
public static class FacePayOptions
{
    public static FacePayPolicy Policy(IConfiguration configuration)
    {
        var section = configuration.GetSection("FacePay");
        var d = FacePayPolicy.Default;
        var policy = new FacePayPolicy(
            section["PolicyVersion"] ?? d.Version,
            section.GetValue("PinAbove", d.PinAbove),
            section.GetValue("LockAfterFailures", d.LockAfterFailures),
            TimeSpan.FromMinutes(section.GetValue("FailureWindowMinutes", d.FailureWindow.TotalMinutes)),
            section.GetValue("SecondFaceRatio", d.SecondFaceRatio),
            section.GetValue("LockAfterPinRejections", d.LockAfterPinRejections),
            section.GetValue("HintLockAfterFailures", d.HintLockAfterFailures),
            section.GetValue("HintWindowMinutes", d.HintWindowMinutes));
        policy.EnsureValid();
        return policy;
    }

    /// <summary>How long the bus consumer works on a request before it answers 503 (<c>FacePay:BusAnswerWithinSeconds</c>, 30 by default).</summary>
    public static FacePayEdge Edge(IConfiguration configuration)
    {
        var within = configuration.GetSection("FacePay").GetValue("BusAnswerWithinSeconds", 30.0);
        if (!(within >= 0))
            throw new InvalidOperationException("FacePay:BusAnswerWithinSeconds must be 0 or more.");
        return new FacePayEdge(TimeSpan.FromSeconds(within));
    }

    /// <summary>
    /// What a face payment may come with short of a statement signed by the terminal's device key: a capture without one
    /// (<c>FacePay:Capture:AcceptUnattested</c>) and an on-device template without a hardware-attested one
    /// (<c>FacePay:AcceptOnDeviceTemplates</c>). Both off by default: any photo can be sent, and anybody can compute a
    /// template from a photo with the public face network.
    /// </summary>
    public static Domain.Application.CaptureIntake Intake(IConfiguration configuration) =>
        new(configuration.GetValue("FacePay:Capture:AcceptUnattested", false), configuration.GetValue("FacePay:AcceptOnDeviceTemplates", false));

    public static EnrolmentQuality Enrolment(IConfiguration configuration)
    {
        var section = configuration.GetSection("FacePay:Enrolment");
        var d = EnrolmentQuality.Default;
        return new EnrolmentQuality(
            section.GetValue("MinInterocularPx", d.MinInterocularPx),
            section.GetValue("MinFrontalness", d.MinFrontalness),
            section.GetValue("MinSharpness", d.MinSharpness),
            section.GetValue("MaxRollDegrees", d.MaxRollDegrees));
    }
}

/// <summary>How long a verify-and-pay on the bus may take, read by <see cref="FacePayOptions.Edge"/>.</summary>
public sealed record FacePayEdge(TimeSpan BusAnswerWithin);
