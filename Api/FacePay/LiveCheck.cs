using Ledger.Domain.Capture;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Verification;

namespace Ledger.Api.FacePay;

/// <summary>The vision plugin's live-challenge judgement, in the ledger's terms (verdict and figures, never frames).</summary>
internal static class LiveCheck
{
    public static LiveChallengeEvidence Judge(IReadOnlyList<AnalyzedFace?> frames, HeadMovement movement)
    {
        var asked = movement switch
        {
            HeadMovement.TurnLeft => ChallengeMovement.TurnLeft,
            HeadMovement.TurnRight => ChallengeMovement.TurnRight,
            HeadMovement.LookUp => ChallengeMovement.LookUp,
            _ => throw new ArgumentOutOfRangeException(nameof(movement), movement, null),
        };
        var result = LiveChallenge.Judge(frames, asked, LiveChallengeThresholds.Default);
        var poses = result.Poses;
        float? yaw = poses.Count < 2 ? null : poses.Skip(1).Max(p => asked == ChallengeMovement.TurnRight ? poses[0].Yaw - p.Yaw : p.Yaw - poses[0].Yaw);
        float? pitch = poses.Count < 2 ? null : poses.Skip(1).Max(p => poses[0].Pitch - p.Pitch);
        return new LiveChallengeEvidence(movement, Domain.RuleCodes.FromName(result.Verdict.ToString()), frames.Count, yaw, pitch,
            Finite(result.PlanarResidual), Finite(result.MaxDistanceToFirst));
    }

    private static float? Finite(float value) => float.IsFinite(value) ? value : null;
}
