using System.Numerics;
using Ledger.Vision.Alignment;
using Xunit;

namespace Ledger.Vision.Tests.Alignment;

public sealed class SimilarityTransformTests
{
    [Fact]
    public void Fitting_recovers_a_known_rotation_scale_and_shift()
    {
        var truth = Known(angleDegrees: 25, scale: 1.7f, shift: new Vector2(-40, 12));
        Vector2[] from = [new(0, 0), new(10, 0), new(3, 7), new(-5, 2), new(8, 9)];
        var to = from.Select(truth.Apply).ToArray();

        var fitted = SimilarityTransform.Fit(from, to);

        Assert.Equal(truth.A, fitted.A, 4);
        Assert.Equal(truth.B, fitted.B, 4);
        Assert.Equal(truth.Translation.X, fitted.Translation.X, 3);
        Assert.Equal(truth.Translation.Y, fitted.Translation.Y, 3);
        Assert.Equal(1.7f, fitted.Scale, 4);
        Assert.Equal(25 * MathF.PI / 180, fitted.Angle, 4);
    }

    [Fact]
    public void The_matrix_form_maps_points_like_apply()
    {
        var t = Known(-60, 0.5f, new Vector2(3, 4));
        var p = new Vector2(7, -2);

        var viaMatrix = Vector2.Transform(p, t.ToMatrix());

        Assert.Equal(t.Apply(p).X, viaMatrix.X, 5);
        Assert.Equal(t.Apply(p).Y, viaMatrix.Y, 5);
    }

    [Fact]
    public void Coincident_or_too_few_points_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Fit([new(1, 1), new(1, 1)], [new(0, 0), new(1, 0)]));
        Assert.Throws<ArgumentException>(() => SimilarityTransform.Fit([new(1, 1)], [new(0, 0)]));
    }

    internal static SimilarityTransform Known(float angleDegrees, float scale, Vector2 shift)
    {
        var a = angleDegrees * MathF.PI / 180;
        return new SimilarityTransform(scale * MathF.Cos(a), scale * MathF.Sin(a), shift);
    }
}
