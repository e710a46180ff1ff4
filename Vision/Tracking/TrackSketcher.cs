using Ledger.Vision.Detection;
using Ledger.Vision.Diagnostics;
using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;
using Ledger.Vision.Landmarks;

namespace Ledger.Vision.Tracking;

/// <summary>
/// A first look at a challenge's frames, with a cheap detector on the first frame and the landmark network alone after it:
/// where the face is in every frame and how it is turned, before any descriptor. It tells which frame will be compared, so
/// that the expensive detector (ssd_mobilenetv1: most of a payment's work) runs once, on that frame; nothing sketched is
/// judged or compared (<see cref="Verification.FrameSequenceAnalyzer"/> fits every frame again from the detection).
/// </summary>
/// <param name="detector">The cheap detector (tiny_face_detector).</param>
/// <param name="landmarker">The landmark network.</param>
public sealed class TrackSketcher(IFaceDetector detector, FaceLandmarker landmarker)
{
    // As FaceVerifier's fallback: a face that fills the frame is found inside a black border of this share of its longer side.
    private const float Border = 0.3f;

    private readonly FaceTracker _tracker = new(landmarker);

    /// <summary>The cheap detector's network.</summary>
    public ModelInfo Model => detector.Model;

    /// <summary>
    /// The face's landmarks in every frame, or null when the detector finds no face in the first frame (as given or inside a
    /// border) or the face is lost in a later one: the caller then analyses the frames as without a sketch.
    /// </summary>
    public FaceLandmarks68[]? Sketch(IReadOnlyList<DecodedImage> images, CancellationToken cancellationToken = default)
    {
        using var stages = new StageClock(VisionActivities.Detect);
        var first = images[0];
        var faces = detector.Detect(first, 0, cancellationToken);
        if (faces.Count == 0) faces = detector.Detect(first, Border, cancellationToken);
        var chosen = FaceChooser.Choose(faces, first.Width, first.Height);
        stages.Next(chosen < 0 ? null : VisionActivities.Landmarks);
        if (chosen < 0) return null;
        var landmarks = new FaceLandmarks68[images.Count];
        landmarks[0] = landmarker.Detect(first, faces[chosen], cancellationToken);
        var relation = BoxAroundLandmarks.Of(faces[chosen], landmarks[0]);
        for (var i = 1; i < images.Count; i++)
        {
            if (_tracker.Follow(images[i], relation.Around(landmarks[i - 1]), relation, cancellationToken) is not { } followed) return null;
            landmarks[i] = followed.Landmarks;
        }
        return landmarks;
    }
}
