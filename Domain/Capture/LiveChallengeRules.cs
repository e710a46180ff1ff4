using Ledger.Domain.FacePay;

namespace Ledger.Domain.Capture;

/// <summary>What a challenge that names a head movement asks of the capture that answers it.</summary>
public static class LiveChallengeRules
{
    /// <summary>
    /// The probe to judge: for a challenge with a movement, exactly the frames it asked for, which the device says it
    /// took for that movement, marked with it (the vision plugin judges them); otherwise the probe as sent.
    /// </summary>
    /// <exception cref="DomainRuleViolation">live_frames_required.</exception>
    public static FaceProbe ProbeFor(TerminalChallenge challenge, CaptureStatement statement, FaceProbe sent)
    {
        if (challenge.Movement is not { } movement) return sent;
        var frames = challenge.Frames ?? 0;
        if (sent is not CapturedFrames sequence || sequence.Frames.Count != frames || statement.Liveness != movement)
            throw new DomainRuleViolation(CaptureRuleCodes.LiveFramesRequired,
                $"This challenge asks for {frames} frames taken while the shopper does '{RuleCodes.FromName(movement.ToString())}', " +
                "and a statement that names that movement.");
        return sequence with { Movement = movement };
    }
}
