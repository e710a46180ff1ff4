using System.Numerics;
using Ledger.Vision.Matching;
using Ledger.Vision.Verification;

namespace Ledger.Vision.PresentationAttack;

/// <summary>The head movement a live challenge asks for (the shopper's own left and right, an unmirrored camera).</summary>
public enum ChallengeMovement
{
    TurnLeft,
    TurnRight,
    LookUp,
}

/// <summary>What a frame sequence showed, the first failed test in the order they are made.</summary>
public enum LiveChallengeVerdict
{
    Live,
    /// <summary>A frame shows no face.</summary>
    NoFace,
    /// <summary>A frame's face is not the first frame's person.</summary>
    NotSamePerson,
    /// <summary>The head did not move as asked (direction and size).</summary>
    MovementNotSeen,
    /// <summary>One plane explains how every landmark moved: a print or a screen tilted before the camera.</summary>
    Planar,
}

/// <param name="MinYawChange">Nose offset change along the eye line, in eye distances, that counts as a turn.</param>
/// <param name="MinPitchChange">Change of the nose's drop over the mouth's that counts as looking up.</param>
/// <param name="MinNonPlanarResidual">Homography residual of the inner landmarks (RMS, in eye distances) a real head reaches in at least one frame;
/// below it the sequence is flat. Chosen from data: docs/PAD.md.</param>
/// <param name="MaxDistanceToFirst">Descriptor distance of every frame to the first: the matcher's own threshold.</param>
public sealed record LiveChallengeThresholds(float MinYawChange, float MinPitchChange, float MinNonPlanarResidual, float MaxDistanceToFirst)
{
    public static readonly LiveChallengeThresholds Default = new(0.10f, 0.06f, 0.033f, 0.6f);
}

/// <summary>The poses, the largest distance to the first frame and the largest non-planar residual, with the verdict.</summary>
public sealed record LiveChallengeResult(LiveChallengeVerdict Verdict, IReadOnlyList<HeadPose> Poses, float MaxDistanceToFirst, float PlanarResidual);

/// <summary>
/// Judges a live challenge from the frames the terminal took while the shopper moved as asked: the same person in
/// every frame, the movement asked for (direction and size), and landmarks that no single plane explains.
/// </summary>
public static class LiveChallenge
{
    public static LiveChallengeResult Judge(IReadOnlyList<AnalyzedFace?> frames, ChallengeMovement movement, LiveChallengeThresholds thresholds)
    {
        if (frames.Count < 2) throw new ArgumentException("A live challenge needs at least two frames.", nameof(frames));
        if (frames.Any(f => f is null)) return new LiveChallengeResult(LiveChallengeVerdict.NoFace, [], float.NaN, float.NaN);
        var faces = frames.Select(f => f!).ToList();
        var poses = faces.Select(f => HeadPose.Of(f.Landmarks)).ToList();
        var first = faces[0];
        var distance = faces.Skip(1).Max(f => FaceDistance.Between(first.Template, f.Template));
        var residual = faces.Skip(1).Max(f => NonPlanarity(first, f));

        var verdict =
            distance > thresholds.MaxDistanceToFirst ? LiveChallengeVerdict.NotSamePerson
            : !Moved(poses, movement, thresholds) ? LiveChallengeVerdict.MovementNotSeen
            : residual < thresholds.MinNonPlanarResidual ? LiveChallengeVerdict.Planar
            : LiveChallengeVerdict.Live;
        return new LiveChallengeResult(verdict, poses, distance, residual);
    }

    /// <summary>
    /// How far a followed frame's yaw may be from the detector's own fit of that frame: the landmark network fitted in a
    /// box carried over from the previous frame places the nose a little differently than in the detector's box. About the
    /// 90th percentile of that difference (0.048) over 707 frames of the shared faces, each followed from another photo of
    /// the person (<c>bash bench/vision/run.sh --followed-yaw</c>; docs/VISION.md, "Which frame is compared").
    /// </summary>
    public const float FollowedYawError = 0.05f;

    /// <summary>
    /// The frame whose face looks most straight at the camera (smallest yaw), the first when none has a face: the one
    /// to compare with the enrolled face, since a turned face is recognised less well. Chosen by pose alone, so a
    /// sequence gives no more tries at a match than one photo does.
    /// </summary>
    public static int FacingFrame(IReadOnlyList<AnalyzedFace?> frames) => FacingLandmarks(frames.Select(f => f?.Landmarks).ToList());

    /// <summary>
    /// <see cref="FacingFrame(IReadOnlyList{AnalyzedFace?})"/> where some frames' faces were followed rather than detected:
    /// a followed frame is chosen over a detected one only when it faces the camera more by over
    /// <see cref="FollowedYawError"/>. Below that the two poses are not told apart, and the detected frame needs no second
    /// detection (the compared frame must be a detected one). Still pose alone.
    /// </summary>
    public static int FacingFrame(IReadOnlyList<AnalyzedFace?> frames, IReadOnlyList<bool> followed) =>
        FacingLandmarks(frames.Select(f => f?.Landmarks).ToList(), followed);

    /// <summary>The same choice from each frame's landmarks alone (null where the frame has no face).</summary>
    public static int FacingLandmarks(IReadOnlyList<Landmarks.FaceLandmarks68?> frames, IReadOnlyList<bool>? followed = null)
    {
        if (followed is not null && followed.Count != frames.Count)
            throw new ArgumentException("One followed flag per frame.", nameof(followed));
        var best = 0;
        var bestYaw = float.PositiveInfinity;
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i] is not { } landmarks) continue;
            var yaw = Math.Abs(HeadPose.Of(landmarks).Yaw) + (followed?[i] == true ? FollowedYawError : 0);
            if (yaw < bestYaw) (best, bestYaw) = (i, yaw);
        }
        return best;
    }

    /// <summary>
    /// The landmarks a plane is fitted to: brows, nose, eyes and mouth (17-67). The jaw line (0-16) is left out: it is
    /// the contour of the face against the background, which on a turned head slides along the silhouette instead of
    /// following points of the face, and it is where the landmark network is least sure, so it adds noise to flat and
    /// live sequences alike (docs/PAD.md: without it, fewer tilted pictures cross the threshold).
    /// </summary>
    private const int FirstInnerLandmark = 17;

    /// <summary>RMS distance of the inner landmarks from the best plane-to-plane map between two frames, in the second frame's eye distances.</summary>
    public static float NonPlanarity(AnalyzedFace a, AnalyzedFace b)
    {
        var eyes = Vector2.Distance(b.Landmarks.LeftEye, b.Landmarks.RightEye);
        return eyes <= 0 ? 0 : Homography.Residual(Inner(a), Inner(b)) / eyes;
    }

    private static List<Vector2> Inner(AnalyzedFace face) => face.Landmarks.Points.Skip(FirstInnerLandmark).ToList();

    /// <summary>How far a frame may fall back against the movement (landmark noise) before the sequence is not one movement.</summary>
    private const float BackTrack = 0.03f;

    /// <summary>
    /// The head moved as asked: far enough from the first frame at its furthest, and one way only (a head turning left
    /// does not swing right in between; a picture waved at random does).
    /// </summary>
    private static bool Moved(IReadOnlyList<HeadPose> poses, ChallengeMovement movement, LiveChallengeThresholds t)
    {
        Func<HeadPose, float> progress = movement switch
        {
            ChallengeMovement.TurnLeft => p => p.Yaw,
            ChallengeMovement.TurnRight => p => -p.Yaw,
            ChallengeMovement.LookUp => p => -p.Pitch,
            _ => throw new ArgumentOutOfRangeException(nameof(movement), movement, null),
        };
        var needed = movement == ChallengeMovement.LookUp ? t.MinPitchChange : t.MinYawChange;
        var along = poses.Select(progress).ToList();
        var oneWay = along.Zip(along.Skip(1)).All(step => step.Second >= step.First - BackTrack);
        return oneWay && along.Skip(1).Max() - along[0] >= needed;
    }
}
