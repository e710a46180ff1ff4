using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;
using Ledger.Vision.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Accuracy;

[Collection(VisionPipelineCollection.Name)]
public sealed class GroupDetectionTests(VisionPipeline pipeline, ITestOutputHelper output)
{
    [Theory]
    [InlineData("bbt1")]
    [InlineData("bbt2")]
    [InlineData("bbt3")]
    [InlineData("bbt4")]
    [InlineData("bbt5")]
    public void The_ssd_detector_finds_every_main_face(string photo)
    {
        var detector = new SsdFaceDetector(pipeline.Models.SsdMobilenetV1);
        using var image = new ImageDecoder().Decode(File.ReadAllBytes(FacePaths.Group(photo)));

        var faces = detector.Detect(image);

        foreach (var (person, point) in GroupPhotoFaces.Main[photo])
            Assert.True(faces.Count(f => Contains(f, point)) == 1, $"{photo}: {person} at {point} not found exactly once");
    }

    [Fact]
    public void In_costume_the_tiny_detector_misses_faces_the_ssd_detector_finds()
    {
        using var image = new ImageDecoder().Decode(File.ReadAllBytes(FacePaths.Group("bbt1")));
        var tiny = new TinyFaceDetector(pipeline.Models.TinyFaceDetector).Detect(image);
        var ssd = new SsdFaceDetector(pipeline.Models.SsdMobilenetV1).Detect(image);
        output.WriteLine($"bbt1: tiny_face_detector {tiny.Count} faces, ssd_mobilenetv1 {ssd.Count} faces");

        Assert.Equal(4, ssd.Count);
        Assert.True(tiny.Count < ssd.Count);
    }

    [Fact]
    public void The_verifier_counts_every_face_in_view_and_chooses_one()
    {
        var analysis = pipeline.Analyze(FacePaths.Group("bbt4"));

        Assert.Equal(6, analysis.FacesSeen);
        Assert.InRange(analysis.ChosenIndex, 0, 5);
        Assert.NotNull(analysis.Chosen);
        Assert.Single(analysis.Faces);
    }

    private static bool Contains(FaceBox box, System.Numerics.Vector2 p) =>
        p.X >= box.X && p.X <= box.Right && p.Y >= box.Y && p.Y <= box.Bottom;
}
