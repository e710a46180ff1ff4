using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Verification;
using SkiaSharp;
using Xunit;

namespace Ledger.Vision.Tests.Tracking;

/// <summary>
/// A challenge's frames with the face followed between them (the detector on the first and the compared frame only), on
/// real networks: what is followed, what falls back to detection, and that no attack gets through a followed frame that
/// detecting every frame would have refused.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class FrameSequenceAnalyzerTests(VisionPipeline pipeline)
{
    private static readonly LiveChallengeThresholds Thresholds = LiveChallengeThresholds.Default;

    private FrameSequenceAnalyzer Tracking => new(pipeline.Verifier);

    private static byte[] Crop(string person, int n) => File.ReadAllBytes(Path.Combine(FacePaths.Faces, person, $"{n}.png"));

    /// <summary>Leonard's photos from least to most turned left, as 640x480 frames.</summary>
    private List<byte[]> LeonardTurningLeft() =>
        Enumerable.Range(1, 5).Select(n => Crop("leonard", n))
            .OrderBy(png => HeadPose.Of(pipeline.Verifier.Analyze(png).Chosen!.Landmarks).Yaw)
            .Select(png => TillFrames.Centred(png)).ToList();

    [Fact]
    public void A_turning_head_is_followed_between_detected_frames_and_judged_live()
    {
        var frames = LeonardTurningLeft();

        var analysis = Tracking.Analyze([frames[0], frames[2], frames[4]]);

        Assert.NotEqual(DetectionRoute.Tracked, analysis.Frames[0].Route);
        Assert.NotEqual(DetectionRoute.Tracked, analysis.Frames[analysis.Compared].Route);
        Assert.Contains(analysis.Frames, f => f.Route == DetectionRoute.Tracked);
        Assert.True(analysis.Detected <= 2, $"{analysis.Detected} frames detected");
        Assert.Equal(LiveChallengeVerdict.Live, LiveChallenge.Judge(analysis.Faces, ChallengeMovement.TurnLeft, Thresholds).Verdict);
    }

    [Fact]
    public void Without_tracking_every_frame_is_detected()
    {
        var frames = LeonardTurningLeft();

        var analysis = new FrameSequenceAnalyzer(pipeline.Verifier, track: false).Analyze([frames[0], frames[2], frames[4]]);

        Assert.Equal(3, analysis.Detected);
    }

    [Fact]
    public void A_face_swapped_in_where_the_followed_one_was_is_detected_and_refused_as_another_person()
    {
        var leonard = LeonardTurningLeft();
        var howard = TillFrames.Centred(Crop("howard", 2));

        var analysis = Tracking.Analyze([leonard[0], leonard[2], howard]);

        Assert.NotEqual(DetectionRoute.Tracked, analysis.Frames[2].Route);
        var result = LiveChallenge.Judge(analysis.Faces, ChallengeMovement.TurnLeft, Thresholds);
        Assert.Equal(LiveChallengeVerdict.NotSamePerson, result.Verdict);
        Assert.True(result.MaxDistanceToFirst > Thresholds.MaxDistanceToFirst);
    }

    [Fact]
    public void A_frame_the_face_has_left_is_detected_not_followed_and_the_challenge_fails()
    {
        var leonard = LeonardTurningLeft();

        var analysis = Tracking.Analyze([leonard[0], TillFrames.Empty(), leonard[4]]);

        Assert.NotEqual(DetectionRoute.Tracked, analysis.Frames[1].Route);
        Assert.NotEqual(LiveChallengeVerdict.Live, LiveChallenge.Judge(analysis.Faces, ChallengeMovement.TurnLeft, Thresholds).Verdict);
    }

    [Fact]
    public void A_face_that_jumped_across_the_frame_is_found_again_by_the_detector()
    {
        var leonard = LeonardTurningLeft();

        var analysis = Tracking.Analyze([leonard[0], TillFrames.Centred(Crop("leonard", 3), dx: 160), leonard[4]]);

        Assert.NotEqual(DetectionRoute.Tracked, analysis.Frames[1].Route);
        Assert.NotNull(analysis.Frames[1].Chosen);
        Assert.True(analysis.Frames[1].Chosen!.Box.Center.X > TillFrames.Width / 2 + 80);
    }

    [Fact]
    public void A_second_face_in_the_compared_frame_is_counted_by_the_detector()
    {
        var leonard = LeonardTurningLeft();
        var facing = leonard.Select((f, i) => (i, yaw: Math.Abs(HeadPose.Of(pipeline.Verifier.Analyze(f).Chosen!.Landmarks).Yaw))).MinBy(p => p.yaw).i;
        var photos = Enumerable.Range(1, 5).Select(n => Crop("leonard", n))
            .OrderBy(png => HeadPose.Of(pipeline.Verifier.Analyze(png).Chosen!.Landmarks).Yaw).ToList();
        // The frame facing the camera most, with a bystander at its side, comes second: it is followed into, then compared.
        var crowded = TillFrames.Of((photos[facing], new SKPoint(170, 90), 300), (Crop("penny", 1), new SKPoint(480, 200), 150));
        var others = Enumerable.Range(0, 5).Where(i => i != facing).ToList();

        var analysis = Tracking.Analyze([leonard[others[0]], crowded, leonard[others[^1]]]);

        Assert.Equal(1, analysis.Compared);
        Assert.NotEqual(DetectionRoute.Tracked, analysis.Frames[1].Route);
        Assert.Equal(2, analysis.Frames[1].FacesSeen);
    }
}
