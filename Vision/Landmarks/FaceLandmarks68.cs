using System.Numerics;

namespace Ledger.Vision.Landmarks;

/// <summary>
/// The 68 iBUG-300W points in source-image pixels: 0-16 jaw, 17-26 brows, 27-35 nose, 36-41 the eye on the
/// image's left, 42-47 the eye on the image's right, 48-67 mouth.
/// </summary>
public sealed class FaceLandmarks68
{
    /// <summary>Number of points.</summary>
    public const int Count = 68;

    /// <summary>Creates the set; <paramref name="points"/> must hold 68 points.</summary>
    public FaceLandmarks68(Vector2[] points)
    {
        if (points.Length != Count)
            throw new ArgumentException($"Expected {Count} landmarks, got {points.Length}.", nameof(points));
        Points = points;
    }

    /// <summary>All points in index order.</summary>
    public IReadOnlyList<Vector2> Points { get; }

    /// <summary>Centre of the eye on the image's left (points 36-41).</summary>
    public Vector2 LeftEye => Mean(36, 42);

    /// <summary>Centre of the eye on the image's right (points 42-47).</summary>
    public Vector2 RightEye => Mean(42, 48);

    /// <summary>Tip of the nose (point 30).</summary>
    public Vector2 NoseTip => Points[30];

    /// <summary>Centre of the mouth (points 48-67).</summary>
    public Vector2 MouthCentre => Mean(48, 68);

    /// <summary>Mean of points [from, to).</summary>
    public Vector2 Mean(int from, int to)
    {
        var sum = Vector2.Zero;
        for (int i = from; i < to; i++)
            sum += Points[i];
        return sum / (to - from);
    }
}
