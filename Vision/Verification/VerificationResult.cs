using Ledger.Vision.Detection;

namespace Ledger.Vision.Verification;

/// <summary>The decision the ledger records.</summary>
public enum VerificationDecision
{
    /// <summary>The probe is the enrolled person (1:1) or the named candidate (1:N).</summary>
    Match,
    /// <summary>Not the person / nobody in the set.</summary>
    NoMatch,
    /// <summary>1:N: two identities too close to call.</summary>
    Ambiguous,
    /// <summary>No face was found in the capture.</summary>
    NoFace,
}

/// <summary>
/// The outcome of a 1:1 verification or a 1:N identification, with everything needed to explain it later
/// without re-running anything: scores, threshold, what was seen, and the exact model.
/// </summary>
/// <param name="Decision">The decision.</param>
/// <param name="CandidateId">1:N: the identity named (or nearest on Ambiguous). 1:1: null.</param>
/// <param name="Distance">Euclidean distance to the template (nearest identity in 1:N); null with no face.</param>
/// <param name="Score">Similarity in (0, 1], 0.5 at the threshold; null with no face.</param>
/// <param name="Threshold">Distance threshold applied.</param>
/// <param name="Margin">1:N: required lead over the runner-up; 1:1: null.</param>
/// <param name="RunnerUpDistance">1:N: distance of the second identity, if any.</param>
/// <param name="FacesSeen">Faces detected in the capture; null when the terminal sent a template instead of an image.</param>
/// <param name="FaceBox">Box of the face that was verified.</param>
/// <param name="Quality">Quality signals of that face.</param>
/// <param name="ModelId">Recognition model id.</param>
/// <param name="ModelVersion">Recognition model version.</param>
/// <param name="ModelSha256">SHA-256 of the recognition ONNX file that ran.</param>
/// <param name="DetectorId">Detector model id (and <c>+padded</c>/<c>+whole-frame</c> fallbacks in <paramref name="Route"/>).</param>
/// <param name="Route">How the face was found.</param>
/// <param name="Timings">Per-stage times of the probe's analysis.</param>
public sealed record VerificationResult(
    VerificationDecision Decision, string? CandidateId, float? Distance, float? Score, float Threshold, float? Margin,
    float? RunnerUpDistance, int? FacesSeen, FaceBox? FaceBox, QualitySignals? Quality,
    string ModelId, string ModelVersion, string ModelSha256, string DetectorId, DetectionRoute Route, StageTimings Timings);
