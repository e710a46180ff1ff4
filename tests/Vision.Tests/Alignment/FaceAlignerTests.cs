using System.Numerics;
using Ledger.Vision.Alignment;
using Ledger.Vision.Landmarks;
using Xunit;

namespace Ledger.Vision.Tests.Alignment;

public sealed class FaceAlignerTests
{
    private readonly FaceAligner _aligner = new(chipSize: 150, padding: 0.25f);

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(30f, 2.5f)]
    [InlineData(-45f, 0.4f)]
    public void A_tilted_face_comes_out_with_level_eyes_at_the_canonical_place(float tiltDegrees, float scale)
    {
        var landmarks = TiltedFace(tiltDegrees, scale, new Vector2(400, 250));

        var toChip = _aligner.ChipTransform(landmarks);
        var left = toChip.Apply(landmarks.LeftEye);
        var right = toChip.Apply(landmarks.RightEye);

        Assert.Equal(left.Y, right.Y, 0.05f);
        Assert.Equal(-tiltDegrees, toChip.Angle * 180 / MathF.PI, 0.01f);
        // Every face lands at the same chip position regardless of its pose in the image.
        var canonical = _aligner.ChipTransform(TiltedFace(0, 1, Vector2.Zero));
        var expectedLeft = canonical.Apply(TiltedFace(0, 1, Vector2.Zero).LeftEye);
        Assert.Equal(expectedLeft.X, left.X, 0.05f);
        Assert.Equal(expectedLeft.Y, left.Y, 0.05f);
    }

    [Fact]
    public void The_canonical_shape_fills_the_middle_of_the_chip_with_a_quarter_padding()
    {
        var toChip = _aligner.ChipTransform(TiltedFace(0, 1, Vector2.Zero));
        var inner = TiltedFace(0, 1, Vector2.Zero).Points.Skip(17).Select(toChip.Apply).ToArray();

        // Unit square -> [0.25, 1.25] / 1.5 of 150 px = [25, 125].
        Assert.Equal(25f, inner.Min(p => p.X), 1);
        Assert.Equal(125f, inner.Max(p => p.X), 1);
        Assert.InRange(inner.Min(p => p.Y), 24.9f, 125.1f);
        Assert.InRange(inner.Max(p => p.Y), 24.9f, 125.1f);
    }

    [Fact]
    public void The_mean_shape_is_symmetric_with_level_eyes()
    {
        var face = TiltedFace(0, 1, Vector2.Zero);
        Assert.Equal(face.LeftEye.Y, face.RightEye.Y, 4);
        Assert.Equal(1f, face.LeftEye.X + face.RightEye.X, 4);
    }

    // The canonical shape moved by a known similarity; the jaw points (unused by alignment) are put far away.
    private static FaceLandmarks68 TiltedFace(float tiltDegrees, float scale, Vector2 shift)
    {
        var pose = SimilarityTransformTests.Known(tiltDegrees, scale, shift);
        var points = new Vector2[68];
        for (int i = 0; i < 17; i++)
            points[i] = new Vector2(-1000, -1000);
        var template = MeanFaceShape.InnerPoints;
        for (int i = 0; i < template.Length; i++)
            points[17 + i] = pose.Apply(template[i]);
        return new FaceLandmarks68(points);
    }
}
