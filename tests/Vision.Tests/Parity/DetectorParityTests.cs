using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Parity;

/// <summary>Our detector graphs against face-api.js TinyFaceDetector and SsdMobilenetv1 on the same mosaics.</summary>
[Collection(PackedModelsCollection.Name)]
public sealed class DetectorParityTests(PackedModels models, ITestOutputHelper output)
{
    private const double MaxPixelDiff = 0.5;
    private const double MaxScoreDiff = 1e-3;
    private const double MaxRawDiff = 1e-3;

    public static TheoryData<string> TinyCases => new(ReferenceFixture.Instance.For("tiny_face_detector").Select(c => c.Name));

    [Theory]
    [MemberData(nameof(TinyCases))]
    public void Tiny_face_detector_grid_and_boxes_match_the_original_network(string name)
    {
        var reference = ReferenceFixture.Instance.Get("tiny_face_detector", name);
        var model = models.Manifest.Get("tiny_face_detector");

        var grid = models.Run("tiny_face_detector", reference.BuildInput(), reference.Size, reference.Size)["grid"];

        var raw = Differences.Largest(grid, reference.Outputs["grid"]);
        output.WriteLine($"{name}: tiny grid max abs diff {raw:E3}");
        Assert.Equal((reference.Size / 32) * (reference.Size / 32) * 25, grid.Length);
        Assert.True(raw <= MaxRawDiff, $"raw grid differs by {raw:E3}");
        var ours = ReferenceDecoding.TinyDetector(grid, reference.Size, model.Anchors!, model.RecommendedThreshold!.Value, model.IouThreshold!.Value);
        AssertSameDetections(reference, ours);
    }

    [Fact]
    public void Ssd_mobilenetv1_scores_and_boxes_match_the_original_network()
    {
        var reference = ReferenceFixture.Instance.Get("ssd_mobilenetv1", "mosaic_512");
        var model = models.Manifest.Get("ssd_mobilenetv1");

        var outputs = models.Run("ssd_mobilenetv1", reference.BuildInput(), reference.Size, reference.Size);

        var scores = outputs["scores"];
        var rawScores = Differences.Largest(scores, reference.Outputs["scores"]);
        output.WriteLine($"ssd scores max abs diff {rawScores:E3}");
        Assert.True(rawScores <= MaxScoreDiff, $"anchor scores differ by {rawScores:E3}");
        var topAnchors = reference.Outputs["topAnchors"];
        var topBoxes = reference.Outputs["topBoxes"];
        for (var k = 0; k < topAnchors.Length; k++)
        {
            var anchor = (int)topAnchors[k];
            for (var c = 0; c < 4; c++)
            {
                var pixels = Math.Abs(outputs["boxes"][anchor * 4 + c] - topBoxes[k * 4 + c]) * reference.Size;
                Assert.True(pixels <= MaxPixelDiff, $"anchor {anchor} coordinate {c} is {pixels:F3} px off");
            }
        }
        var ours = ReferenceDecoding.Ssd(outputs["boxes"], scores, reference.Size, model.RecommendedThreshold!.Value, model.IouThreshold!.Value);
        AssertSameDetections(reference, ours);
    }

    private void AssertSameDetections(ReferenceCase reference, List<PixelBox> ours)
    {
        // The mosaics hold four faces and face-api.js finds all four; anything else means the fixture changed.
        Assert.Equal(4, reference.Detections.Count);
        Assert.Equal(reference.Detections.Count, ours.Count);
        foreach (var expected in reference.Detections)
        {
            var match = ours.MinBy(o => Math.Abs(o.X - expected.X) + Math.Abs(o.Y - expected.Y))!;
            var offset = new[]
            {
                match.X - expected.X, match.Y - expected.Y, match.Width - expected.Width, match.Height - expected.Height,
            }.Max(Math.Abs);
            output.WriteLine($"{reference}: box ({expected.X:F1},{expected.Y:F1}) offset {offset:E3} px, score diff {Math.Abs(match.Score - expected.Score):E2}");
            Assert.True(offset <= MaxPixelDiff, $"{reference}: box at ({expected.X:F1},{expected.Y:F1}) is {offset:F3} px off");
            Assert.True(Math.Abs(match.Score - expected.Score) <= MaxScoreDiff,
                $"{reference}: score {match.Score:F5} vs face-api.js {expected.Score:F5}");
        }
    }
}
