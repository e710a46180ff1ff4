using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;
using Ledger.Vision.Landmarks;

namespace Ledger.Vision.Tracking;

/// <summary>A face followed into a frame: the box its landmarks were fitted in, the landmarks, and how many fits it took.</summary>
public sealed record TrackedFace(FaceBox Box, FaceLandmarks68 Landmarks, int Fits);

/// <summary>
/// Follows a face from one frame of a sequence to the next with the landmark network alone (one run of a 112x112
/// network instead of a detector over the frame): the landmarks are fitted in the box the previous frame's landmarks
/// imply, and kept only when the box they imply in turn agrees with the one they were fitted in. A face that moved
/// gets a second fit in the box the first implied; one that still disagrees is lost, and the caller detects instead.
/// </summary>
public sealed class FaceTracker(FaceLandmarker landmarker)
{
    /// <summary>
    /// Overlap (IoU) the box a fit implies must have with the box it was fitted in. The landmark network places a face
    /// in whatever it is shown; on a crop that holds the face as the detector cut it, its points imply that crop
    /// again, on one that cuts the face off or holds none they do not.
    /// </summary>
    public const float MinAgreement = 0.7f;

    /// <summary>Fits tried per frame: the seed, then the box the first fit implied.</summary>
    public const int MaxFits = 2;

    /// <summary>The face in <paramref name="image"/> near <paramref name="seed"/>, or null when the fit does not hold.</summary>
    public TrackedFace? Follow(DecodedImage image, FaceBox seed, BoxAroundLandmarks relation, CancellationToken cancellationToken = default)
    {
        var box = seed;
        for (var fit = 1; fit <= MaxFits; fit++)
        {
            if (box.Width < 1 || box.Height < 1 || !Inside(box, image)) return null;
            var landmarks = landmarker.Detect(image, box, cancellationToken);
            var implied = relation.Around(landmarks);
            if (box.IoU(implied) >= MinAgreement) return new TrackedFace(box, landmarks, fit);
            box = implied;
        }
        return null;
    }

    // A box whose centre left the frame has no face to follow there.
    private static bool Inside(FaceBox box, DecodedImage image) =>
        box.Center.X >= 0 && box.Center.Y >= 0 && box.Center.X < image.Width && box.Center.Y < image.Height;
}
