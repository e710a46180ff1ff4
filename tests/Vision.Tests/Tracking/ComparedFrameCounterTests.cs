using Ledger.Vision.Detection;
using Ledger.Vision.Inference;
using Ledger.Vision.Landmarks;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Tracking;
using Ledger.Vision.Verification;
using SkiaSharp;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Tracking;

/// <summary>
/// The compared frame's faces counted by tiny_face_detector around the followed face, against detecting the frame again
/// with ssd_mobilenetv1 (real networks, the faces of ../shared/faces at a till): a bystander the second detection would
/// have declined is declined by the count too.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class ComparedFrameCounterTests(VisionPipeline pipeline, ITestOutputHelper output)
{
    /// <summary>face-pay-v4's <c>SecondFaceRatio</c>: another face at least half the verified face's width declines the capture.</summary>
    private const float SecondFaceRatio = 0.5f;

    private ComparedFrameCounter Tiny => new(FaceVerifier.DetectorOf(pipeline.Models, pipeline.Options, DetectorKind.Tiny),
        new FaceLandmarker(pipeline.Models.FaceLandmark68));

    private static byte[] Crop(string person, int n) => File.ReadAllBytes(Path.Combine(FacePaths.Faces, person, $"{n}.png"));

    private static string Widths(FaceAnalysis a) => string.Join("/", a.Detections.Select(b => b.Width.ToString("F0"))) + $" chosen {a.ChosenIndex}";

    private static bool AnotherFaceTooClose(FaceAnalysis a) =>
        a.Detections.Where((_, i) => i != a.ChosenIndex).Any(b => b.Width >= a.Detections[a.ChosenIndex].Width * SecondFaceRatio);

    /// <summary>
    /// The frame detected (ssd) and, as a payment would have it, followed from that detection and counted by the tiny
    /// detector; null for the count when the tiny detector does not choose the followed face (the payment then detects
    /// the frame again).
    /// </summary>
    private (FaceAnalysis Detected, FaceAnalysis? Counted) Both(byte[] frame)
    {
        using var image = pipeline.Verifier.Decode(frame);
        var detected = pipeline.Verifier.Analyze(image, 0);
        var face = detected.Chosen!;
        var relation = BoxAroundLandmarks.Of(face.Box, face.Landmarks);
        var followed = pipeline.Verifier.Follow(image, 0, relation.Around(face.Landmarks), relation);
        return (detected, followed is null ? null : Tiny.Count(image, followed, relation));
    }

    [Fact]
    public void A_shopper_alone_is_counted_alone_and_compared_on_the_followed_face()
    {
        var (detected, counted) = Both(TillFrames.Centred(Crop("leonard", 2)));

        Assert.NotNull(counted);
        Assert.Equal(DetectionRoute.Counted, counted.Route);
        Assert.Equal(1, counted.FacesSeen);
        Assert.Equal("tiny_face_detector", counted.Detector.Id);
        Assert.True(counted.Detections[0].IoU(detected.Detections[detected.ChosenIndex]) >= 0.5f,
            "the box the followed landmarks imply sits where the detector's was");
    }

    [Fact]
    public void A_frame_without_the_followed_face_is_not_counted()
    {
        var shopper = TillFrames.Centred(Crop("leonard", 2));
        using var withFace = pipeline.Verifier.Decode(shopper);
        var face = pipeline.Verifier.Analyze(withFace, 0).Chosen!;
        var relation = BoxAroundLandmarks.Of(face.Box, face.Landmarks);
        var followed = pipeline.Verifier.Follow(withFace, 0, relation.Around(face.Landmarks), relation)!;
        using var empty = pipeline.Verifier.Decode(TillFrames.Empty());

        Assert.Null(Tiny.Count(empty, followed, relation));
    }

    [Fact]
    public void A_larger_face_beside_the_followed_one_is_not_counted_around_it()
    {
        // The shopper followed on the left; a larger face at the centre is what a detector chooses: the count leaves the
        // frame to be detected again (and then every frame is detected, FrameSequenceAnalyzer).
        var shopper = Crop("leonard", 2);
        // (At 400 px the tiny detector does not see that face at all, docs/VISION.md: one reason the count is off by default.)
        var frame = TillFrames.Of((shopper, new SKPoint(10, 200), 200), (Crop("penny", 1), new SKPoint(300, 90), 300));
        using var image = pipeline.Verifier.Decode(frame);
        using var alone = pipeline.Verifier.Decode(TillFrames.Of((shopper, new SKPoint(10, 200), 200)));
        var face = pipeline.Verifier.Analyze(alone, 0).Chosen!;
        var relation = BoxAroundLandmarks.Of(face.Box, face.Landmarks);
        var followed = pipeline.Verifier.Follow(image, 0, relation.Around(face.Landmarks), relation)!;

        Assert.NotNull(followed);
        Assert.Null(Tiny.Count(image, followed, relation));
    }

    /// <summary>
    /// Each of the 40 crops as the shopper (300 px high on the left of a 640x480 frame) with another person beside it at
    /// heights from a third to four fifths of the shopper's: which frames the second ssd run declines for a second face and
    /// which the count declines. The tiny detector does not see some bystanders ssd sees (11 of 240 frames, 2026-12-03:
    /// docs/VISION.md), so counting with it is weaker and must stay off by default; the test fails if it becomes the default
    /// while it still misses one.
    /// </summary>
    [Fact]
    public void A_count_that_misses_a_bystander_a_second_detection_declines_is_not_the_default()
    {
        int frames = 0, detectedDeclines = 0, countedDeclines = 0, notCounted = 0;
        var missed = new List<string>();
        var ratioGaps = new List<float>();
        foreach (var (person, p) in FacePaths.People.Select((x, i) => (x, i)))
            for (var n = 1; n <= 5; n++)
                foreach (var height in new[] { 100, 130, 150, 170, 200, 240 })
                {
                    var bystander = FacePaths.People[(p + 1 + n) % FacePaths.People.Length];
                    var frame = TillFrames.Of((Crop(person, n), new SKPoint(20, 90), 300),
                        (Crop(bystander, 1 + (n + height) % 5), new SKPoint(630 - height, 470 - height), height));
                    var (detected, counted) = Both(frame);
                    frames++;
                    var detectedDeclined = AnotherFaceTooClose(detected);
                    if (detectedDeclined) detectedDeclines++;
                    if (counted is null)
                    {
                        // The payment detects the frame again: the detector's own verdict.
                        notCounted++;
                        if (detectedDeclined) countedDeclines++;
                        continue;
                    }
                    var countedDeclined = AnotherFaceTooClose(counted);
                    if (countedDeclined) countedDeclines++;
                    if (detectedDeclined && !countedDeclined) missed.Add($"{person}/{n} + {bystander} at {height} px (ssd {Widths(detected)}, tiny {Widths(counted)})");
                    if (detected.FacesSeen == 2 && counted.FacesSeen == 2)
                    {
                        float Ratio(FaceAnalysis a) => a.Detections.Where((_, i) => i != a.ChosenIndex).Max(b => b.Width) / a.Detections[a.ChosenIndex].Width;
                        ratioGaps.Add(Ratio(counted) - Ratio(detected));
                    }
                }

        ratioGaps.Sort();
        output.WriteLine($"{frames} frames: ssd declines {detectedDeclines}, count declines {countedDeclines}, " +
                         $"not counted (detected again) {notCounted}; missed by the count: {(missed.Count == 0 ? "none" : string.Join(", ", missed))}");
        if (ratioGaps.Count > 0)
            output.WriteLine($"width ratio, count minus ssd, over {ratioGaps.Count} frames both saw two faces: min {ratioGaps[0]:F3}, " +
                             $"median {ratioGaps[ratioGaps.Count / 2]:F3}, max {ratioGaps[^1]:F3}");
        Assert.True(missed.Count == 0 || new VisionOptions().ChallengeCounter is null,
            $"The tiny count misses {missed.Count} bystanders a second ssd run declines; it cannot be the default.");
    }
}
