using Ledger.Domain.FacePay;
using Ledger.Vision.Verification;

namespace Ledger.Api.FacePay;

/// <summary>What the vision plugin measured, in the ledger's terms (numbers and model identity, never pixels or templates).</summary>
internal static class FaceEvidenceMapping
{
    public static FaceQuality? Quality(QualitySignals? q) =>
        q is null ? null : new FaceQuality(q.FaceWidthPx, q.InterocularPx, q.Sharpness, q.Frontalness, q.RollDegrees);

    public static FaceEvidence Evidence(VerificationResult r, FaceOutcome outcome, CustomerHintKind hint, int candidates, Guid? templateId,
        string captureSha256) =>
        new(outcome, Finite(r.Distance), Finite(r.Score), r.Threshold, r.Margin, Finite(r.RunnerUpDistance), r.FacesSeen, Quality(r.Quality),
            $"{r.ModelId}@{r.ModelVersion}", r.ModelSha256, $"{r.DetectorId}/{r.Route.ToString().ToLowerInvariant()}", hint, candidates,
            templateId, captureSha256);

    // No candidate means no distance: JSON has no infinity, and "no number" is the honest record.
    private static float? Finite(float? value) => value is { } v && float.IsFinite(v) ? v : null;
}
