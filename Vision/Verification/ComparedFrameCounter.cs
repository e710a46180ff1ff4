using Ledger.Vision.Detection;
using Ledger.Vision.Diagnostics;
using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;
using Ledger.Vision.Landmarks;
using Ledger.Vision.Tracking;

namespace Ledger.Vision.Verification;

/// <summary>
/// Counts the faces in view of a challenge's compared frame when its face was followed there (no detector ran on it), with
/// a detector cheaper than detecting the frame again: ssd_mobilenetv1 is most of a payment's work and would otherwise run
/// twice (docs/VISION.md, "One ssd run per challenged payment"). The followed face stays what is compared; the counter
/// only has to agree that it is the face it would choose, and says which other faces are in view and how large.
/// </summary>
/// <param name="counter">The detector that counts (tiny_face_detector: a quarter of ssd's work).</param>
/// <param name="landmarker">Fits the counter's chosen face, to compare it with the followed one in the same terms.</param>
public sealed class ComparedFrameCounter(IFaceDetector counter, FaceLandmarker landmarker)
{
    /// <summary>The counting detector's network.</summary>
    public ModelInfo Model => counter.Model;

    /// <summary>
    /// The followed analysis of the compared frame with the faces the counter sees (<see cref="DetectionRoute.Counted"/>),
    /// or null when the counter finds no face or chooses another than the followed one: the caller then detects the frame
    /// again, as without the counter.
    /// </summary>
    /// <param name="image">The compared frame.</param>
    /// <param name="followed">Its followed analysis (<see cref="DetectionRoute.Tracked"/>).</param>
    /// <param name="relation">Where the track's detector puts its box around the landmarks.</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    public FaceAnalysis? Count(DecodedImage image, FaceAnalysis followed, BoxAroundLandmarks relation, CancellationToken cancellationToken = default)
    {
        if (followed.Route != DetectionRoute.Tracked || followed.Chosen is not { } face)
            throw new ArgumentException("Only a followed face is counted around.", nameof(followed));
        using var stages = new StageClock(VisionActivities.Detect);
        var seen = counter.Detect(image, 0, cancellationToken);
        var chosen = FaceChooser.Choose(seen, image.Width, image.Height);
        var detectMs = stages.Next(chosen < 0 ? null : VisionActivities.Landmarks);
        if (chosen < 0) return null;
        // The same test as a second ssd run's: the boxes the two fits' landmarks imply overlap (not the detectors' own boxes,
        // whose shapes differ between networks).
        var theirs = landmarker.Detect(image, seen[chosen], cancellationToken);
        var landmarksMs = stages.Next(null);
        var box = relation.Around(face.Landmarks);
        if (relation.Around(theirs).IoU(box) < FrameSequenceAnalyzer.MinSameFace) return null;

        // The other faces in the followed face's size terms: their width relative to the counter's box of the chosen face,
        // times the followed face's box, so the second-face rule compares widths of one detector with each other.
        var scale = box.Width / seen[chosen].Width;
        var others = seen.Where((_, i) => i != chosen).Select(b => Scaled(b, scale));
        var analysed = face with { Box = box };
        return followed with
        {
            Detections = [box, .. others],
            ChosenIndex = 0,
            Faces = [analysed],
            Route = DetectionRoute.Counted,
            Detector = counter.ModelFor(image.Width, image.Height, 0),
            Timings = followed.Timings with { DetectMs = detectMs, LandmarksMs = followed.Timings.LandmarksMs + landmarksMs },
        };
    }

    private static FaceBox Scaled(FaceBox b, float scale)
    {
        var (w, h) = (b.Width * scale, b.Height * scale);
        return new FaceBox(b.Center.X - w / 2, b.Center.Y - h / 2, w, h, b.Score);
    }
}
