using System.Numerics;

namespace Ledger.Vision.Alignment;

/// <summary>
/// A rotation + uniform scale + translation, q = s R p + t, written as the matrix [a -b; b a] and t.
/// </summary>
public readonly record struct SimilarityTransform(float A, float B, Vector2 Translation)
{
    /// <summary>Uniform scale factor.</summary>
    public float Scale => MathF.Sqrt(A * A + B * B);

    /// <summary>Rotation in radians (counter-clockwise in a y-up frame, clockwise on screen).</summary>
    public float Angle => MathF.Atan2(B, A);

    /// <summary>Maps a point.</summary>
    public Vector2 Apply(Vector2 p) => new(A * p.X - B * p.Y + Translation.X, B * p.X + A * p.Y + Translation.Y);

    /// <summary>The same map as a row-vector affine matrix (System.Numerics convention).</summary>
    public Matrix3x2 ToMatrix() => new(A, B, -B, A, Translation.X, Translation.Y);

    /// <summary>
    /// Least-squares fit of the similarity that maps <paramref name="from"/> onto <paramref name="to"/>
    /// (closed form: centre both sets; a and b are the normalised dot and cross sums).
    /// </summary>
    public static SimilarityTransform Fit(ReadOnlySpan<Vector2> from, ReadOnlySpan<Vector2> to)
    {
        if (from.Length != to.Length || from.Length < 2)
            throw new ArgumentException("Need at least two pairs of corresponding points.");
        Vector2 meanFrom = Vector2.Zero, meanTo = Vector2.Zero;
        for (int i = 0; i < from.Length; i++)
        {
            meanFrom += from[i];
            meanTo += to[i];
        }
        meanFrom /= from.Length;
        meanTo /= to.Length;

        double dot = 0, cross = 0, norm = 0;
        for (int i = 0; i < from.Length; i++)
        {
            var p = from[i] - meanFrom;
            var q = to[i] - meanTo;
            dot += p.X * q.X + p.Y * q.Y;
            cross += p.X * q.Y - p.Y * q.X;
            norm += p.X * p.X + p.Y * p.Y;
        }
        if (norm <= 0)
            throw new ArgumentException("The source points all coincide.");
        var a = (float)(dot / norm);
        var b = (float)(cross / norm);
        var t = meanTo - new Vector2(a * meanFrom.X - b * meanFrom.Y, b * meanFrom.X + a * meanFrom.Y);
        return new SimilarityTransform(a, b, t);
    }
}
