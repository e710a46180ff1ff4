using Ledger.Domain.FacePay;
using Ledger.Vision.Inference;
using Ledger.Vision.Verification;

namespace Ledger.Api.FacePay;

/// <summary>The operating point a verifier runs at, stated against the calibration in the model pack's manifest.</summary>
public static class OperatingPointOf
{
    public static FaceOperatingPoint Of(FaceVerifier verifier, ModelPack pack)
    {
        var model = verifier.RecognitionModel;
        var calibrated = pack.Recognition(model.Id)?.Spec.OperatingPoint;
        var threshold = verifier.Matcher.Threshold;
        // face_recognition runs at 0.6 (VisionOptions.MatchThreshold) while its calibrated point is stricter: say so.
        var source = calibrated is not null && Math.Abs(calibrated.Threshold - threshold) < 1e-6
            ? FaceOperatingPoint.Calibrated : FaceOperatingPoint.Configured;
        return new FaceOperatingPoint(model.Key, verifier.Matcher.Metric.ToString().ToLowerInvariant(), threshold, verifier.Matcher.Margin, source,
            pack.CalibrationRevision, calibrated?.Threshold, calibrated?.FalseAcceptTarget, calibrated?.ImpostorPairs, calibrated?.FalseAccepts,
            calibrated?.FalseAcceptBound95, calibrated?.Evidence);
    }
}
