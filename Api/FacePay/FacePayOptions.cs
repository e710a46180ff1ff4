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

    /// <summary>
    /// Checks at the edge, before any face work: whether an on-device template is taken instead of a capture
    /// (<c>FacePay:AcceptOnDeviceTemplates</c>, off by default: a template counts only from an attested device, which
    /// issue 12 builds; until then anybody with a photo and our public model could compute one), and how long the bus
    /// consumer works on a request before it answers 503 (<c>FacePay:BusAnswerWithinSeconds</c>, 30 by default).
    /// </summary>
    public static FacePayEdge Edge(IConfiguration configuration)
    {
        var section = configuration.GetSection("FacePay");
        var within = section.GetValue("BusAnswerWithinSeconds", 30.0);
        if (!(within >= 0))
            throw new InvalidOperationException("FacePay:BusAnswerWithinSeconds must be 0 or more.");
        return new FacePayEdge(section.GetValue("AcceptOnDeviceTemplates", false), TimeSpan.FromSeconds(within));
    }

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

/// <summary>Edge checks of a verify-and-pay request, read by <see cref="FacePayOptions.Edge"/>.</summary>
public sealed record FacePayEdge(bool AcceptOnDeviceTemplates, TimeSpan BusAnswerWithin);
