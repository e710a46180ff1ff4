using Ledger.Vision.Alignment;
using Ledger.Vision.Detection;
using Ledger.Vision.Embedding;
using Ledger.Vision.Inference;
using Ledger.Vision.Landmarks;

namespace Ledger.Vision.Verification;

/// <summary>How the faces of an analysis were found.</summary>
public enum DetectionRoute
{
    /// <summary>The configured detector found them on the image as given.</summary>
    Direct,
    /// <summary>Found only after padding the image with a black border (the face filled the frame).</summary>
    Padded,
    /// <summary>No detector fired; the whole frame was taken as one face (a tight terminal crop).</summary>
    WholeFrame,
    /// <summary>No face.</summary>
    None,
    /// <summary>No image was analysed here: the terminal computed the probe template on the device.</summary>
    OnDevice,
    /// <summary>
    /// Followed from the previous frame of a sequence by the landmark network (<see cref="Tracking.FaceTracker"/>); no
    /// detector ran, so the analysis holds that face alone and counts no others.
    /// </summary>
    Tracked,
    /// <summary>
    /// Followed as <see cref="Tracked"/>, in the compared frame of a challenge; the faces in view were then counted by a
    /// cheaper detector (the analysis's detector, <see cref="Verification.ComparedFrameCounter"/>), which chose the followed
    /// face too. The chosen box is the one the followed landmarks imply, the others the counter's boxes in its size.
    /// </summary>
    Counted,
}

/// <summary>One face carried through landmarks, alignment and embedding.</summary>
/// <param name="Box">Detection box in source pixels.</param>
/// <param name="Landmarks">68 points in source pixels.</param>
/// <param name="Aligned">The aligned chip and its transform.</param>
/// <param name="Quality">Quality signals.</param>
/// <param name="Template">The descriptor, tagged with its model.</param>
public sealed record AnalyzedFace(FaceBox Box, FaceLandmarks68 Landmarks, AlignedFace Aligned, QualitySignals Quality, FaceTemplate Template);

/// <summary>Everything the pipeline saw in one image.</summary>
/// <param name="ImageWidth">Source width in pixels.</param>
/// <param name="ImageHeight">Source height in pixels.</param>
/// <param name="Detections">All faces found, highest score first.</param>
/// <param name="ChosenIndex">Index in <paramref name="Detections"/> of the face to verify, or -1.</param>
/// <param name="Faces">Analysed faces: just the chosen one, or all when asked.</param>
/// <param name="Route">How the faces were found.</param>
/// <param name="Detector">The detector that produced <paramref name="Detections"/>.</param>
/// <param name="Recognition">The descriptor network.</param>
/// <param name="Timings">Per-stage wall-clock times.</param>
public sealed record FaceAnalysis(
    int ImageWidth, int ImageHeight, IReadOnlyList<FaceBox> Detections, int ChosenIndex,
    IReadOnlyList<AnalyzedFace> Faces, DetectionRoute Route, ModelInfo Detector, ModelInfo Recognition, StageTimings Timings)
{
    /// <summary>How many faces were in view: a second face at a till matters for a payment.</summary>
    public int FacesSeen => Detections.Count;

    /// <summary>The analysed face to verify, or null when none was found.</summary>
    public AnalyzedFace? Chosen => ChosenIndex < 0 ? null : Faces.FirstOrDefault(f => f.Box == Detections[ChosenIndex]);
}
