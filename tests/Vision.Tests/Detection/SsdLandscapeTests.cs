using Ledger.Vision.Detection;
using Ledger.Vision.Imaging;
using Ledger.Vision.Verification;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Tests.Tracking;
using SkiaSharp;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Detection;

/// <summary>
/// ssd_mobilenetv1's landscape graph (the top 384 rows of its 512 square, no letterbox below) against the square, on the
/// frames a till sends and on the group photos: the same faces, in the same places.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class SsdLandscapeTests(VisionPipeline pipeline, ITestOutputHelper output)
{
    // Each crop as a shopper stands with a margin around the face: small in a corner, centred, higher and to the right.
    private static readonly (float X, float Y, float Height)[] WithMargin = [(440, 20, 200), (170, 90, 300), (300, 40, 260)];

    // The chin on the frame's bottom edge, left and right.
    private static readonly (float X, float Y, float Height)[] OnTheBottomEdge = [(60, 180, 300), (250, 130, 350)];

    [Fact]
    public void On_a_tills_frames_it_finds_the_faces_the_square_finds_in_the_same_places()
    {
        var compared = Compare(Frames(WithMargin), minimumIou: 0.99f, maximumScoreDifference: 0.01f);

        Assert.Equal(120, compared.Frames);
        Assert.True(compared.Faces >= 110, $"{compared.Faces} faces found in 120 frames");
    }

    [Fact]
    public void A_face_on_the_frames_bottom_edge_it_finds_as_the_square_does_the_box_within_a_few_pixels()
    {
        // Below the frame the square's convolutions see letterbox black, the landscape graph's their own zero padding (the
        // grey the square sees beyond the frame's top and sides): faces touching that edge move a little, nothing more.
        var compared = Compare(Frames(OnTheBottomEdge), minimumIou: 0.95f, maximumScoreDifference: 0.04f);

        Assert.Equal(80, compared.Frames);
        Assert.True(compared.Faces >= 70, $"{compared.Faces} faces found in 80 frames");
    }

    [Fact]
    public void A_face_filling_the_frame_it_finds_wherever_the_square_does()
    {
        // Too close to the camera: the photo 480 px high. The square then sees the face above 128 rows of black, which
        // its anchors for the largest faces never met in training; the landscape graph sees the frame alone.
        var compared = Compare(Frames([(100, 0, 480)]), minimumIou: 0.75f, maximumScoreDifference: 0.25f, moreFacesAllowed: true);

        Assert.Equal(40, compared.Frames);
    }

    private static IEnumerable<(string Name, byte[] Bytes)> Frames((float X, float Y, float Height)[] placements) =>
        FacePaths.Crops().SelectMany(c => placements.Select(p =>
            ($"{c.Person}/{Path.GetFileName(c.Path)} at {p}", TillFrames.Of((File.ReadAllBytes(c.Path), new SKPoint(p.X, p.Y), p.Height)))));

    [Fact]
    public void On_the_group_photos_it_finds_the_faces_the_square_finds()
    {
        var photos = Enumerable.Range(1, 5).Select(i => ($"bbt{i}", File.ReadAllBytes(FacePaths.Group($"bbt{i}"))));

        var compared = Compare(photos, minimumIou: 0.99f, maximumScoreDifference: 0.01f);

        Assert.True(compared.Faces >= 23, $"{compared.Faces} faces in the five group photos");
    }

    [Fact]
    public void It_runs_on_landscape_images_only_and_the_analysis_names_the_graph_that_ran()
    {
        var detector = Landscape();
        Assert.Equal("ssd_mobilenetv1_landscape", detector.ModelFor(640, 480, 0).Id);
        Assert.Equal("ssd_mobilenetv1_landscape", detector.ModelFor(1366, 768, 0).Id);
        // One row more than 4:3, a portrait frame, and the padded retry of a 4:3 frame need the square.
        Assert.Equal("ssd_mobilenetv1", detector.ModelFor(640, 481, 0).Id);
        Assert.Equal("ssd_mobilenetv1", detector.ModelFor(480, 640, 0).Id);
        Assert.Equal("ssd_mobilenetv1", detector.ModelFor(640, 480, 0.3f).Id);

        var analysis = pipeline.Verifier.Analyze(TillFrames.Centred(File.ReadAllBytes(FacePaths.Crops().First().Path)));
        Assert.Equal(DetectionRoute.Direct, analysis.Route);
        Assert.Equal("ssd_mobilenetv1_landscape", analysis.Detector.Id);
        Assert.Equal(pipeline.Models.SsdMobilenetV1Landscape!.Info.Sha256, analysis.Detector.Sha256);
    }

    private SsdFaceDetector Landscape() => new(pipeline.Models.SsdMobilenetV1, landscape: pipeline.Models.SsdMobilenetV1Landscape
        ?? throw new InvalidOperationException("The model pack has no ssd_mobilenetv1_landscape: run scripts/models.sh."));

    /// <summary>
    /// Every image through both graphs: the same number of faces (or more from the landscape graph when
    /// <paramref name="moreFacesAllowed"/>), each of the square's boxes overlapping a landscape box by
    /// <paramref name="minimumIou"/> or more and scoring within <paramref name="maximumScoreDifference"/> of it.
    /// </summary>
    private (int Frames, int Faces) Compare(IEnumerable<(string Name, byte[] Bytes)> images, float minimumIou, float maximumScoreDifference,
        bool moreFacesAllowed = false)
    {
        var square = new SsdFaceDetector(pipeline.Models.SsdMobilenetV1);
        var landscape = Landscape();
        var decoder = new ImageDecoder();
        int frames = 0, faces = 0;
        var worstIou = 1f;
        var worstScore = 0f;
        var differences = new List<string>();
        foreach (var (name, bytes) in images)
        {
            using var image = decoder.Decode(bytes);
            Assert.Equal("ssd_mobilenetv1_landscape", landscape.ModelFor(image.Width, image.Height, 0).Id);
            var expected = square.Detect(image);
            var actual = landscape.Detect(image);
            if (moreFacesAllowed ? actual.Count < expected.Count : actual.Count != expected.Count)
                differences.Add($"{name}: the square finds {expected.Count} faces ({string.Join(", ", expected)}), the landscape graph {actual.Count} ({string.Join(", ", actual)})");
            foreach (var box in expected)
            {
                if (actual.Count == 0)
                    continue;
                var match = actual.MaxBy(b => b.IoU(box));
                worstIou = Math.Min(worstIou, match.IoU(box));
                worstScore = Math.Max(worstScore, Math.Abs(match.Score - box.Score));
                if (match.IoU(box) < minimumIou || Math.Abs(match.Score - box.Score) > maximumScoreDifference)
                    differences.Add($"{name}: square {box}, landscape {match}: IoU {match.IoU(box):0.000}");
            }
            frames++;
            faces += expected.Count;
        }
        output.WriteLine($"{frames} images, {faces} faces: lowest IoU {worstIou:0.0000}, largest score difference {worstScore:0.0000}");
        differences.ForEach(output.WriteLine);
        Assert.Empty(differences);
        return (frames, faces);
    }
}
