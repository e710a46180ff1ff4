using System.Numerics;
using Ledger.Vision.Alignment;
using Ledger.Vision.Detection;
using Ledger.Vision.Landmarks;

namespace Ledger.Vision.Verification;

/// <summary>Computes <see cref="QualitySignals"/> from the box, the landmarks and the aligned chip.</summary>
public static class QualityEstimator
{
    /// <summary>All signals for one face.</summary>
    public static QualitySignals Estimate(FaceBox box, FaceLandmarks68 landmarks, AlignedFace aligned, ReadOnlySpan<float> chip) =>
        new(box.Width, box.Height,
            Vector2.Distance(landmarks.LeftEye, landmarks.RightEye),
            Sharpness(chip, aligned.Size),
            Frontalness(landmarks, aligned.Transform),
            -aligned.Transform.Angle * 180f / MathF.PI);

    /// <summary>
    /// Variance of the 4-neighbour Laplacian of the luma over the centre of an RGB HWC chip (eyes, nose, mouth).
    /// Only the centre: the chip's margins show hair, background and, for a tight crop, the black beyond the
    /// image's edge, whose hard borders would read as sharp whatever the focus.
    /// </summary>
    public static float Sharpness(ReadOnlySpan<float> rgb, int size)
    {
        // Luma of the pixels the Laplacian reads, computed where read (the same float operations as a luma image would
        // hold, without allocating one per face).
        static float Grey(ReadOnlySpan<float> p, int i) => 0.299f * p[3 * i] + 0.587f * p[3 * i + 1] + 0.114f * p[3 * i + 2];
        double sum = 0, sumSq = 0;
        var n = 0;
        int from = Math.Max(1, size * 3 / 10), to = Math.Min(size - 1, size * 7 / 10);
        for (int y = from; y < to; y++)
        for (int x = from; x < to; x++)
        {
            var i = y * size + x;
            double lap = Grey(rgb, i - 1) + Grey(rgb, i + 1) + Grey(rgb, i - size) + Grey(rgb, i + size) - 4 * Grey(rgb, i);
            sum += lap;
            sumSq += lap * lap;
            n++;
        }
        var mean = sum / n;
        return (float)(sumSq / n - mean * mean);
    }

    /// <summary>
    /// In the aligned frame the nose tip of a frontal face sits under the midpoint of the eyes; turning the
    /// head moves it sideways, past an eye at a full profile. Returns 1 - |offset| / (half the eye distance),
    /// clamped to 0..1. The eyes and nose are used rather than the jaw line, which tight crops cut off.
    /// </summary>
    public static float Frontalness(FaceLandmarks68 landmarks, SimilarityTransform toChip)
    {
        var left = toChip.Apply(landmarks.LeftEye);
        var right = toChip.Apply(landmarks.RightEye);
        var nose = toChip.Apply(landmarks.NoseTip);
        var halfEyes = Vector2.Distance(left, right) / 2;
        if (halfEyes <= 0)
            return 0;
        var offset = Math.Abs(nose.X - (left.X + right.X) / 2);
        return Math.Clamp(1 - offset / halfEyes, 0f, 1f);
    }
}
