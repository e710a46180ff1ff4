using System.Numerics;

namespace Ledger.Vision.Alignment;

/// <summary>
/// Canonical frontal positions of landmarks 17-67, scaled so that their bounding box is the unit square.
/// PLACEHOLDER until derived from data.
/// </summary>
public static class MeanFaceShape
{
    /// <summary>Points for landmarks 17..67 in order.</summary>
    public static readonly Vector2[] InnerPoints = Enumerable.Range(0, 51).Select(i => new Vector2(i / 50f, (i % 7) / 6f)).ToArray();
}
