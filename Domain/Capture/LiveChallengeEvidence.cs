namespace Ledger.Domain.Capture;

/// <summary>
/// What the live challenge measured on the frames: the movement asked, the verdict (live, no_face, not_same_person,
/// movement_not_seen, planar), and the figures behind it, so the decision can be explained without the frames.
/// </summary>
/// <param name="YawChange">Largest yaw change from the first frame in the asked direction, in eye distances.</param>
/// <param name="PitchChange">Largest drop of the pitch ratio from the first frame.</param>
/// <param name="PlanarResidual">Largest homography residual over the frames, in eye distances.</param>
/// <param name="MaxDistanceToFirst">Largest descriptor distance of a frame to the first.</param>
public sealed record LiveChallengeEvidence(HeadMovement Movement, string Verdict, int Frames, float? YawChange, float? PitchChange,
    float? PlanarResidual, float? MaxDistanceToFirst)
{
    public const string Live = "live";

    public bool Passed => Verdict == Live;
}
