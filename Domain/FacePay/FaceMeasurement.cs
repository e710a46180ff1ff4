namespace Ledger.Domain.FacePay;

/// <summary>What the comparison concluded about the nearest candidate, before any ledger rule looks at it.</summary>
public enum FaceComparison
{
    Match,
    NoMatch,
    Ambiguous,
    NoFace,
}

/// <summary>
/// What the vision plugin measured for one probe against the candidates it was given: the comparison, the figures
/// behind it, the model and detector, and the widths of the faces in the capture (for the second-face rule).
/// </summary>
/// <param name="CandidateId">The candidate the probe matched or came nearest to; null without a face or a candidate.</param>
/// <param name="ChosenFaceWidth">Width of the face that was verified; null for on-device templates and captures without a face.</param>
/// <param name="OtherFaceWidths">Widths of the other faces the detector saw in the capture.</param>
/// <param name="OperatingPoint">The threshold and margin of the model it was measured under, with their calibration.</param>
public sealed record FaceMeasurement(
    FaceComparison Comparison,
    string? CandidateId,
    float? Distance,
    float? Score,
    float Threshold,
    float? Margin,
    float? RunnerUpDistance,
    int? FacesSeen,
    FaceQuality? Quality,
    string ModelId,
    string ModelSha256,
    string Detector,
    float? ChosenFaceWidth,
    IReadOnlyList<float> OtherFaceWidths,
    Capture.LiveChallengeEvidence? Live = null,
    Capture.PassiveEvidence? Passive = null,
    FaceOperatingPoint? OperatingPoint = null)
{
    /// <summary>
    /// What was measured against a decoy is nobody's evidence: whether a face was seen stays, the figures go.
    /// </summary>
    public FaceMeasurement AgainstNobody() =>
        Comparison == FaceComparison.NoFace ? this
            : this with { Comparison = FaceComparison.NoMatch, CandidateId = null, Distance = null, Score = null, RunnerUpDistance = null };

    public FaceEvidence Evidence(FaceOutcome outcome, CustomerHintKind hint, int candidates, Guid? templateId, string captureSha256) =>
        new(outcome, Finite(Distance), Finite(Score), Threshold, Margin, Finite(RunnerUpDistance), FacesSeen, Quality, ModelId, ModelSha256,
            Detector, hint, candidates, templateId, captureSha256, Live: Live, Passive: Passive);

    // No candidate means no distance: JSON has no infinity, and "no number" is the honest record.
    private static float? Finite(float? value) => value is { } v && float.IsFinite(v) ? v : null;
}
