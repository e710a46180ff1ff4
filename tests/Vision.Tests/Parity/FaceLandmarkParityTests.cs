using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Parity;

/// <summary>Our face_landmark_68.onnx against face-api.js FaceLandmark68Net (raw fc output) on 112x112 inputs.</summary>
[Collection(PackedModelsCollection.Name)]
public sealed class FaceLandmarkParityTests(PackedModels models, ITestOutputHelper output)
{
    /// <summary>Half a pixel, measured on the 150 px crop the 112 input was scaled from (the stricter scale).</summary>
    private const double MaxPixelDiff = 0.5;
    private const double CropSide = 150;

    public static TheoryData<string> Cases => new(ReferenceFixture.Instance.For("face_landmark_68").Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Landmarks_match_the_original_network(string name)
    {
        var reference = ReferenceFixture.Instance.Get("face_landmark_68", name);

        var landmarks = models.Run("face_landmark_68", reference.BuildInput(), 112, 112)["landmarks"];

        var pixels = Differences.Largest(landmarks, reference.Outputs["landmarks"]) * CropSide;
        output.WriteLine($"{name}: landmark max offset {pixels:E3} px (150 px crop)");
        Assert.True(pixels <= MaxPixelDiff, $"{name}: a landmark is {pixels:F3} px away from face-api.js's");
        // The points must lie on the face, not collapse: a sanity check on the reference itself.
        Assert.InRange(landmarks.Where((_, i) => i % 2 == 0).Max() - landmarks.Where((_, i) => i % 2 == 0).Min(), 0.3, 1.2);
    }
}
