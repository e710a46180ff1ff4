using System.Numerics;
using Ledger.Vision.Alignment;
using Ledger.Vision.Detection;
using Ledger.Vision.Landmarks;

namespace Ledger.Vision.Verification;

/// <summary>Computes <see cref="QualitySignals"/> from the box, the landmarks and the aligned chip.</summary>
public static class QualityEstimator
{
    /// <summary>All signals for one face.</summary>
    public static QualitySignals Estimate(FaceBox box, FaceLandmarks68 landmarks, AlignedFace aligned) =>
        new(box.Width, box.Height,
            Vector2.Distance(landmarks.LeftEye, landmarks.RightEye),
            Sharpness(aligned.Chip, aligned.Size),
            Frontalness(landmarks, aligned.Transform),
            -aligned.Transform.Angle * 180f / MathF.PI);

    /// <summary>Variance of the 4-neighbour Laplacian of the luma of an RGB HWC chip.</summary>
    public static float Sharpness(ReadOnlySpan<float> rgb, int size)
    {
        var grey = new float[size * size];
        for (int i = 0; i < grey.Length; i++)
            grey[i] = 0.299f * rgb[3 * i] + 0.587f * rgb[3 * i + 1] + 0.114f * rgb[3 * i + 2];
        double sum = 0, sumSq = 0;
        var n = 0;
        for (int y = 1; y < size - 1; y++)
        for (int x = 1; x < size - 1; x++)
        {
            var i = y * size + x;
            double lap = grey[i - 1] + grey[i + 1] + grey[i - size] + grey[i + size] - 4 * grey[i];
            sum += lap;
            sumSq += lap * lap;
            n++;
        }
        var mean = sum / n;
        return (float)(sumSq / n - mean * mean);
    }

    /// <summary>
    /// In the aligned frame, the nose tip sits halfway between the cheek contour points 2 and 14 on a frontal
    /// face; turning the head moves it towards one side. Returns min/max of the two horizontal distances.
    /// </summary>
    public static float Frontalness(FaceLandmarks68 landmarks, SimilarityTransform toChip)
    {
        var nose = toChip.Apply(landmarks.NoseTip).X;
        var left = nose - toChip.Apply(landmarks.Points[2]).X;
        var right = toChip.Apply(landmarks.Points[14]).X - nose;
        if (left <= 0 || right <= 0)
            return 0;
        return Math.Min(left, right) / Math.Max(left, right);
    }
}
