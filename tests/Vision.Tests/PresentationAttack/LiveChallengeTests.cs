using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Verification;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary>
/// The live challenge judged on real networks: a person's own photos in the order of the movement asked pass; the
/// same still repeated, a still tilted as a picture and frames of two people do not. The system figures over all
/// eight people are printed and bounded; docs/PAD.md records them.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class LiveChallengeTests(VisionPipeline pipeline, ITestOutputHelper output)
{
    private static readonly string[] People = ["amy", "bernadette", "howard", "leonard", "penny", "raj", "sheldon", "stuart"];
    private static readonly LiveChallengeThresholds Thresholds = LiveChallengeThresholds.Default;

    private AnalyzedFace? Face(byte[] image) => pipeline.Verifier.Analyze(image).Chosen;

    private static byte[] Crop(string person, int n) => File.ReadAllBytes(Path.Combine(FacePaths.Faces, person, $"{n}.png"));

    /// <summary>The person's five photos ordered by yaw: the frames of a turn to the left (the last is the most turned).</summary>
    private List<AnalyzedFace> TurningLeft(string person) =>
        Enumerable.Range(1, 5).Select(n => Face(Crop(person, n))!).OrderBy(f => HeadPose.Of(f.Landmarks).Yaw).ToList();

    private LiveChallengeResult Judge(IEnumerable<AnalyzedFace?> frames, ChallengeMovement movement) =>
        LiveChallenge.Judge(frames.ToList(), movement, Thresholds);

    [Fact]
    public void A_persons_own_frames_turning_left_pass_a_turn_left_and_fail_a_turn_right()
    {
        var frames = TurningLeft("leonard");
        var first = frames[0];
        var most = frames[^1];

        Assert.Equal(LiveChallengeVerdict.Live, Judge([first, frames[2], most], ChallengeMovement.TurnLeft).Verdict);
        Assert.Equal(LiveChallengeVerdict.MovementNotSeen, Judge([first, frames[2], most], ChallengeMovement.TurnRight).Verdict);
        Assert.Equal(LiveChallengeVerdict.Live, Judge([most, frames[2], first], ChallengeMovement.TurnRight).Verdict);
    }

    [Fact]
    public void The_frame_compared_is_the_one_facing_the_camera_whatever_its_place_in_the_turn()
    {
        var frames = TurningLeft("howard");
        var facing = frames.OrderBy(f => Math.Abs(HeadPose.Of(f.Landmarks).Yaw)).First();
        var turned = new[] { frames[0], frames[^1] };
        Assert.DoesNotContain(facing, turned);

        Assert.Equal(1, LiveChallenge.FacingFrame([frames[0], facing, frames[^1]]));
        Assert.Equal(0, LiveChallenge.FacingFrame([facing, frames[^1], frames[0]]));
        Assert.Equal(2, LiveChallenge.FacingFrame([null, frames[^1], facing]));
        Assert.Equal(0, LiveChallenge.FacingFrame([null, null]));
    }

    [Fact]
    public void A_followed_frame_is_compared_over_a_detected_one_only_when_it_faces_the_camera_more_by_over_a_followed_yaws_error()
    {
        var error = LiveChallenge.FollowedYawError;
        bool[] firstDetected = [false, true, true];

        // Bernadette's turn in bench/facepay.sh as measured: the first frame detected at -0.114, the second followed at 0.078.
        Assert.Equal(0, LiveChallenge.FacingLandmarks([Yawed(-0.114f), Yawed(0.078f), Yawed(0.116f)], firstDetected));
        Assert.Equal(0, LiveChallenge.FacingLandmarks([Yawed(0.11f), Yawed(0.11f - error + 0.005f), Yawed(0.3f)], firstDetected));
        Assert.Equal(1, LiveChallenge.FacingLandmarks([Yawed(0.11f), Yawed(0.11f - error - 0.005f), Yawed(0.3f)], firstDetected));
        // Between detected frames, and without route, the smallest yaw as measured.
        Assert.Equal(1, LiveChallenge.FacingLandmarks([Yawed(0.11f), Yawed(0.10f), Yawed(0.3f)], [false, false, false]));
        Assert.Equal(1, LiveChallenge.FacingLandmarks([Yawed(0.11f), Yawed(0.10f), Yawed(0.3f)]));
        // Between followed frames too: the error is the same for both.
        Assert.Equal(2, LiveChallenge.FacingLandmarks([null, Yawed(0.11f), Yawed(-0.10f)], firstDetected));
        Assert.Throws<ArgumentException>(() => LiveChallenge.FacingLandmarks([Yawed(0.1f), Yawed(0.2f)], [false]));
    }

    // Landmarks whose eyes are one apart on a level line and whose nose tip sits `yaw` along it from their midpoint.
    private static Landmarks.FaceLandmarks68 Yawed(float yaw)
    {
        var points = new System.Numerics.Vector2[Landmarks.FaceLandmarks68.Count];
        for (var i = 36; i < 42; i++) points[i] = new(-0.5f, 0);
        for (var i = 42; i < 48; i++) points[i] = new(0.5f, 0);
        for (var i = 48; i < 68; i++) points[i] = new(0, 1);
        points[30] = new(yaw, 0.5f);
        var landmarks = new Landmarks.FaceLandmarks68(points);
        Assert.Equal(yaw, HeadPose.Of(landmarks).Yaw, 5);
        return landmarks;
    }

    [Fact]
    public void The_same_still_three_times_shows_no_movement()
    {
        var still = Face(Crop("penny", 2));

        var result = Judge([still, still, still], ChallengeMovement.TurnLeft);

        Assert.Equal(LiveChallengeVerdict.MovementNotSeen, result.Verdict);
        Assert.True(result.PlanarResidual < 1e-3, $"residual {result.PlanarResidual}");
    }

    [Fact]
    public void A_still_tilted_before_the_camera_is_refused()
    {
        var png = Crop("sheldon", 3);
        var frames = new[] { Face(png), Face(TiltedPicture.Of(png, 30, 0)), Face(TiltedPicture.Of(png, -30, 10)) };

        foreach (var movement in Enum.GetValues<ChallengeMovement>())
            Assert.NotEqual(LiveChallengeVerdict.Live, Judge(frames, movement).Verdict);
    }

    [Fact]
    public void Frames_of_two_people_are_refused_however_they_move()
    {
        var leonard = TurningLeft("leonard");
        var howard = TurningLeft("howard");

        var result = Judge([leonard[0], howard[2], howard[4]], ChallengeMovement.TurnLeft);

        Assert.Equal(LiveChallengeVerdict.NotSamePerson, result.Verdict);
        Assert.True(result.MaxDistanceToFirst > Thresholds.MaxDistanceToFirst);
    }

    [Fact]
    public void A_frame_without_a_face_fails_the_challenge() =>
        Assert.Equal(LiveChallengeVerdict.NoFace, Judge([Face(Crop("amy", 1)), null, Face(Crop("amy", 2))], ChallengeMovement.TurnLeft).Verdict);

    [Fact]
    public void Over_all_eight_people_tilted_stills_rarely_pass_and_turning_frames_mostly_do()
    {
        var random = new Random(2026);
        int attacks = 0, attacksPassed = 0, bonaFide = 0, bonaFideRefused = 0;
        foreach (var person in People)
        {
            var frames = TurningLeft(person);
            // Bona fide: the turn as asked, from the least to the most turned photo, three frames.
            bonaFide += 2;
            if (Judge([frames[0], frames[2], frames[4]], ChallengeMovement.TurnLeft).Verdict != LiveChallengeVerdict.Live) bonaFideRefused++;
            if (Judge([frames[4], frames[2], frames[0]], ChallengeMovement.TurnRight).Verdict != LiveChallengeVerdict.Live) bonaFideRefused++;
            // Attacks: each photo held up and tilted twice, judged against every movement.
            for (var n = 1; n <= 5; n++)
            {
                var png = Crop(person, n);
                var sequence = new[] { Face(png), Face(TiltedPicture.Of(png, random.Next(-35, 36), random.Next(-25, 26))),
                    Face(TiltedPicture.Of(png, random.Next(-35, 36), random.Next(-25, 26))) };
                foreach (var movement in Enum.GetValues<ChallengeMovement>())
                {
                    attacks++;
                    var judged = Judge(sequence, movement);
                    if (judged.Verdict != LiveChallengeVerdict.Live) continue;
                    attacksPassed++;
                    output.WriteLine($"  passed: {person}/{n} {movement} residual {judged.PlanarResidual:F3} distance {judged.MaxDistanceToFirst:F3} " +
                                     $"yaw {string.Join(",", judged.Poses.Select(p => p.Yaw.ToString("F2")))} pitch {string.Join(",", judged.Poses.Select(p => p.Pitch.ToString("F2")))}");
                }
            }
        }
        output.WriteLine($"tilted stills (simulated planar attacks): {attacksPassed}/{attacks} passed (APCER {100.0 * attacksPassed / attacks:F1}%)");
        output.WriteLine($"turning frames of one person (bona fide): {bonaFideRefused}/{bonaFide} refused (BPCER {100.0 * bonaFideRefused / bonaFide:F1}%)");

        // Planar attacks within 2% (the issue's goal is 1%; PadEvaluationTests measures it on more sequences: docs/PAD.md).
        // Bona fide: 1 of 16, short of the 5% goal and too few sequences to say more.
        Assert.True(attacksPassed * 50 <= attacks, $"{attacksPassed}/{attacks} tilted stills passed");
        Assert.True(bonaFideRefused <= 1, $"{bonaFideRefused}/{bonaFide} bona fide refused");
    }
}
