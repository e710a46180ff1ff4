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
            section.GetValue("LockAfterPinRejections", d.LockAfterPinRejections));
        policy.EnsureValid();
        return policy;
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
