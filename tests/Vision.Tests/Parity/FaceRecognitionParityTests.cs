using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Parity;

/// <summary>Our face_recognition.onnx against face-api.js FaceRecognitionNet on the same 150x150 inputs.</summary>
[Collection(PackedModelsCollection.Name)]
public sealed class FaceRecognitionParityTests(PackedModels models, ITestOutputHelper output)
{
    /// <summary>The bar for the converted ResNet.</summary>
    private const double MaxAbsDiff = 1e-3;

    public static TheoryData<string> Cases => new(ReferenceFixture.Instance.For("face_recognition").Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Descriptor_matches_the_original_network(string name)
    {
        var reference = ReferenceFixture.Instance.Get("face_recognition", name);

        var descriptor = models.Run("face_recognition", reference.BuildInput(), 150, 150)["descriptor"];

        Assert.Equal(128, descriptor.Length);
        var diff = Differences.Largest(descriptor, reference.Outputs["descriptor"]);
        output.WriteLine($"{name}: descriptor max abs diff {diff:E3}");
        Assert.True(diff <= MaxAbsDiff, $"{name}: max |ours - face-api.js| = {diff:E3} > {MaxAbsDiff:E0}");
    }

    [Fact]
    public void The_tolerance_separates_different_faces()
    {
        // Guards the test itself: another person's descriptor must be far outside the tolerance,
        // so a conversion that returned "some face descriptor" could not pass.
        var amy = ReferenceFixture.Instance.Get("face_recognition", "amy_1");
        var howard = ReferenceFixture.Instance.Get("face_recognition", "howard_3");

        var ours = models.Run("face_recognition", howard.BuildInput(), 150, 150)["descriptor"];

        Assert.True(Differences.Largest(ours, amy.Outputs["descriptor"]) > 100 * MaxAbsDiff);
    }
}
