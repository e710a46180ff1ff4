using Ledger.Domain.Capture;
using Ledger.Domain.FacePay;
using static Ledger.Domain.Tests.Capture.CaptureTestData;

namespace Ledger.Domain.Tests.Capture;

/// <summary>A challenge that names a movement is answered only by the frames it asked for; a failed live check is a failed face.</summary>
public sealed class LiveChallengeRulesTests
{
    private static readonly TerminalChallenge Turn = Challenge() with { Movement = HeadMovement.TurnLeft, Frames = 3 };
    private static readonly CapturedFrames Three = new([[1], [2], [3]]);

    [Fact]
    public void The_frames_asked_for_under_a_statement_naming_the_movement_are_judged_for_it()
    {
        var probe = Assert.IsType<CapturedFrames>(LiveChallengeRules.ProbeFor(Turn, Statement() with { Liveness = HeadMovement.TurnLeft }, Three));
        Assert.Equal(HeadMovement.TurnLeft, probe.Movement);
    }

    [Fact]
    public void One_image_two_frames_or_a_statement_for_another_movement_do_not_answer_it()
    {
        var turnLeft = Statement() with { Liveness = HeadMovement.TurnLeft };
        Assert.Equal(CaptureRuleCodes.LiveFramesRequired, Assert.Throws<DomainRuleViolation>(() => LiveChallengeRules.ProbeFor(Turn, turnLeft, new CapturedFace([1]))).Code);
        Assert.Equal(CaptureRuleCodes.LiveFramesRequired, Assert.Throws<DomainRuleViolation>(() => LiveChallengeRules.ProbeFor(Turn, turnLeft, new CapturedFrames([[1], [2]]))).Code);
        Assert.Equal(CaptureRuleCodes.LiveFramesRequired, Assert.Throws<DomainRuleViolation>(() =>
            LiveChallengeRules.ProbeFor(Turn, Statement() with { Liveness = HeadMovement.TurnRight }, Three)).Code);
    }

    [Fact]
    public void Without_a_movement_the_probe_is_taken_as_sent()
    {
        var image = new CapturedFace([1]);
        Assert.Same(image, LiveChallengeRules.ProbeFor(Challenge(), Statement(), image));
    }

    [Fact]
    public void A_failed_live_check_is_a_failed_face_whatever_the_comparison_said_and_a_passed_one_changes_nothing()
    {
        var failed = new LiveChallengeEvidence(HeadMovement.TurnLeft, "planar", 3, 0.2f, 0f, 0.01f, 0.3f);
        var measured = FacePay.Handler.FacePayPorts.Measured(FaceComparison.Match, "w") with { Live = failed };
        Assert.Equal(FaceOutcome.LiveChallengeFailed, FaceOutcomeRules.Classify(measured, FacePay.FaceTestData.Policy, 1, 1, CustomerHintKind.PhoneNumber));
        Assert.Equal(FaceOutcome.Match, FaceOutcomeRules.Classify(measured with { Live = failed with { Verdict = LiveChallengeEvidence.Live } },
            FacePay.FaceTestData.Policy, 1, 1, CustomerHintKind.PhoneNumber));
    }

    [Fact]
    public void The_sequence_is_named_by_the_digests_of_its_frames_in_order()
    {
        Assert.NotEqual(new CapturedFrames([[1], [2], [3]]).Sha256, new CapturedFrames([[3], [2], [1]]).Sha256);
        Assert.Equal(new CapturedFrames([[1], [2]]).Sha256, new CapturedFrames([[1], [2]]).Sha256);
    }
}
