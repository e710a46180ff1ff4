using Ledger.Domain.FacePay;
using Ledger.Vision.Verification;

namespace Ledger.Api.FacePay;

/// <summary>Capture quality as the vision plugin measured it, in the ledger's terms (numbers only, never pixels or templates).</summary>
internal static class FaceEvidenceMapping
{
    public static FaceQuality? Quality(QualitySignals? q) =>
        q is null ? null : new FaceQuality(q.FaceWidthPx, q.InterocularPx, q.Sharpness, q.Frontalness, q.RollDegrees);
}
