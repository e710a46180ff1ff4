namespace Ledger.Domain.FacePay;

/// <summary>What the face check concluded. Stored by name: never rename a member.</summary>
public enum FaceOutcome
{
    Match,
    NoMatch,
    Ambiguous,
    NoFace,
    MultipleFaces,
    /// <summary>The customer the hint named has no template to compare with (never enrolled, or erased).</summary>
    NotEnrolled,
    /// <summary>The customer's template was made by another recognition model: it is never compared.</summary>
    ModelMismatch,
    /// <summary>
    /// The customer named has a template but may not be compared now (locked, frozen, closed, no consent, outdated or
    /// another model's template); the decision records which from the wallet's state.
    /// </summary>
    NotEligible,
    /// <summary>The phone suffix failed too often at this merchant lately: no face was compared; the whole number is asked.</summary>
    HintThrottled,
}

/// <summary>How the shopper narrowed the search at the terminal. Stored by name.</summary>
public enum CustomerHintKind
{
    /// <summary>The last four digits of the phone number: a 1:N search among the customers that share them.</summary>
    PhoneLastFour,
    /// <summary>The whole phone number: 1:1 against that customer.</summary>
    PhoneNumber,
    /// <summary>The customer is known (a loyalty card names the wallet): 1:1.</summary>
    Wallet,
}

/// <summary>Capture quality as measured by the vision plugin, kept with each decision (no pixels, no template).</summary>
public sealed record FaceQuality(float FaceWidthPx, float InterocularPx, float Sharpness, float Frontalness, float RollDegrees);

/// <summary>
/// Everything a face decision rested on, recorded so it can be explained later without re-running a network:
/// scores, the thresholds in force, what was seen, the exact model, and how the search was narrowed.
/// </summary>
/// <param name="Distance">Distance to the nearest template (null without a face).</param>
/// <param name="Score">Similarity in (0, 1], 0.5 at the threshold.</param>
/// <param name="Threshold">Distance threshold applied.</param>
/// <param name="Margin">Required lead over the runner-up in a 1:N search.</param>
/// <param name="RunnerUpDistance">Distance of the second candidate, if any.</param>
/// <param name="FacesSeen">Faces in the capture; null when the terminal sent a template computed on the device.</param>
/// <param name="Quality">Quality of the verified face; null for on-device templates.</param>
/// <param name="TemplateId">The enrolled template the probe matched (or came nearest to).</param>
/// <param name="CaptureSha256">SHA-256 of the capture bytes (or of the on-device template): proves which capture without keeping it.</param>
/// <param name="Candidates">How many enrolled customers the hint left to compare against.</param>
/// <param name="Capture">The signed capture statement behind it (null in decisions from before statements existed).</param>
public sealed record FaceEvidence(
    FaceOutcome Outcome,
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
    CustomerHintKind Hint,
    int Candidates,
    Guid? TemplateId,
    string CaptureSha256,
    Capture.CaptureEvidence? Capture = null);
