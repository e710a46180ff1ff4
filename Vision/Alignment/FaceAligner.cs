using System.Numerics;
using Ledger.Vision.Imaging;
using Ledger.Vision.Landmarks;

namespace Ledger.Vision.Alignment;

/// <summary>
/// Rotation alignment in the manner of dlib's face chips, which face_recognition was trained on: the 51
/// inner landmarks (brows, eyes, nose, mouth; the jaw line is left out because it moves with pose) are
/// fitted by least squares onto a canonical frontal shape, and that shape's unit square is placed in the
/// chip with <see cref="Padding"/> of its side on every edge. Eyes come out level and every face gets the
/// same scale and position, unlike face-api.js, which crops the landmarks' bounding box without rotating.
/// </summary>
public sealed class FaceAligner(int chipSize = 150, float padding = 0.25f, AlignmentMode mode = AlignmentMode.Similarity)
{
    /// <summary>First landmark index used for the fit (17: outer end of the brow).</summary>
    public const int FirstInnerLandmark = 17;

    /// <summary>Side of the chip in pixels.</summary>
    public int ChipSize { get; } = chipSize;

    /// <summary>Margin around the canonical shape, as a fraction of its side (dlib's default chips use 0.25).</summary>
    public float Padding { get; } = padding;

    /// <summary>How chips are cut.</summary>
    public AlignmentMode Mode { get; } = mode;

    /// <summary>The similarity mapping image pixels to chip pixels for this face.</summary>
    public SimilarityTransform ChipTransform(FaceLandmarks68 landmarks) => Mode switch
    {
        AlignmentMode.BoundingBox => BoundingBoxTransform(landmarks),
        AlignmentMode.ArcFaceFivePoint => FivePointFit(landmarks),
        _ => SimilarityFit(landmarks),
    };

    // The five points ArcFace-trained networks were aligned with (eye centres, nose tip, mouth corners),
    // taken from the 68 landmarks, fitted onto the template scaled to the chip.
    private SimilarityTransform FivePointFit(FaceLandmarks68 landmarks)
    {
        var from = ArcFaceTemplate.FromLandmarks(landmarks);
        var to = ArcFaceTemplate.Points.Select(p => p * (ChipSize / ArcFaceTemplate.Size)).ToArray();
        return SimilarityTransform.Fit(from, to);
    }

    // face-api.js: the bounding box of all 68 points, padded to a centred square, no rotation.
    private SimilarityTransform BoundingBoxTransform(FaceLandmarks68 landmarks)
    {
        var min = landmarks.Points.Aggregate(Vector2.Min);
        var max = landmarks.Points.Aggregate(Vector2.Max);
        var side = Math.Max(max.X - min.X, max.Y - min.Y);
        var scale = ChipSize / side;
        var origin = (min + max) / 2 - new Vector2(side / 2);
        return new SimilarityTransform(scale, 0, -origin * scale);
    }

    private SimilarityTransform SimilarityFit(FaceLandmarks68 landmarks)
    {
        var template = MeanFaceShape.InnerPoints;
        var from = new Vector2[template.Length];
        var to = new Vector2[template.Length];
        var unit = ChipSize / (1 + 2 * Padding);
        for (int i = 0; i < template.Length; i++)
        {
            from[i] = landmarks.Points[FirstInnerLandmark + i];
            to[i] = (template[i] + new Vector2(Padding)) * unit;
        }
        return SimilarityTransform.Fit(from, to);
    }

    /// <summary>Floats of one chip (RGB HWC).</summary>
    public int ChipLength => ChipSize * ChipSize * 3;

    /// <summary>The aligned chip (RGB HWC floats 0..255) written into <paramref name="chip"/>, and the transform used.</summary>
    public AlignedFace Align(DecodedImage image, FaceLandmarks68 landmarks, Span<float> chip)
    {
        var transform = ChipTransform(landmarks);
        ImageWarp.Render(image, transform.ToMatrix(), ChipSize, ChipSize, chip);
        return new AlignedFace(ChipSize, transform);
    }

    /// <summary>The aligned chip as a new array (RGB HWC floats 0..255).</summary>
    public float[] Chip(DecodedImage image, FaceLandmarks68 landmarks)
    {
        var chip = new float[ChipLength];
        Align(image, landmarks, chip);
        return chip;
    }
}

/// <summary>How a face chip is cut from the image.</summary>
public enum AlignmentMode
{
    /// <summary>Ours: similarity fit of the inner landmarks to the canonical shape (eyes level, fixed scale and position).</summary>
    Similarity,
    /// <summary>face-api.js's way, kept for comparison: the landmarks' bounding box as a centred square, not rotated.</summary>
    BoundingBox,
    /// <summary>ArcFace's: five points (eye centres, nose tip, mouth corners) onto the standard 112x112 template.</summary>
    ArcFaceFivePoint,
}

/// <summary>
/// How a face was resampled into the canonical chip. The chip itself lives only as long as the embedding's batch (a
/// pooled buffer): 270 KB a face, it would otherwise be allocated on the large-object heap for every frame.
/// </summary>
/// <param name="Size">Chip side in pixels.</param>
/// <param name="Transform">Image pixels to chip pixels.</param>
public sealed record AlignedFace(int Size, SimilarityTransform Transform);
