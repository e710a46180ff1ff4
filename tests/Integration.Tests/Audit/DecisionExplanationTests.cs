using Ledger.Domain;
using Ledger.Domain.Capture;
using Ledger.Domain.FacePay;
using Ledger.Domain.Payments;
using Ledger.Domain.Wallets;
using Ledger.Infrastructure.Audit.Replay;
using Ledger.Integration.Tests.Support;

namespace Ledger.Integration.Tests.Audit;

/// <summary>The explanation's figures as a page shows them: each rule against its recorded inputs, and the face evidence named.</summary>
public sealed class DecisionExplanationTests
{
    private static Money Eur(decimal amount) => LedgerFixture.Eur(amount);

    [Theory]
    [InlineData(50, 0, 0, 100, null)]
    [InlineData(50, 0, 0, 9.99, "balance")]
    [InlineData(50, 0, 0, 10, null)]
    [InlineData(10, 9, 190, 100, null)]
    [InlineData(50, 10, 0, 100, "daily count")]
    [InlineData(50, 0, 195, 100, "daily amount")]
    [InlineData(5, 0, 0, 100, "per-payment limit")]
    public void The_rule_that_fails_is_the_one_the_recorded_figures_break(decimal perPayment, int countToday, decimal usedToday, decimal balance, string? failing)
    {
        var inputs = new DecisionInputs(WalletStatus.Active, true, Eur(balance), Eur(perPayment), Eur(200), Eur(usedToday), 10, countToday, "policy-1");
        var explanation = Explanation(inputs, face: null);

        var rules = explanation.Rules();
        Assert.Equal(["wallet status", "face pay consent", "per-payment limit", "daily count", "daily amount", "balance"], rules.Select(r => r.Name));
        Assert.Equal(failing is null ? [] : [failing], rules.Where(r => !r.Passes).Select(r => r.Name));
        Assert.Empty(explanation.FaceFacts());
    }

    [Fact]
    public void A_face_decision_names_its_match_capture_live_challenge_and_passive_scores()
    {
        var face = new FaceEvidence(FaceOutcome.Match, 0.31f, 0.69f, 0.45f, 0.2f, 0.51f, 3, new FaceQuality(180, 64, 0.8f, 0.9f, 2.5f),
            "mobilefacenet", new string('a', 64), "ssd", CustomerHintKind.PhoneLastFour, 2, Guid.NewGuid(), new string('b', 64),
            new CaptureEvidence(CaptureAssurance.HardwareAttested, "device-key-1", 42, Guid.NewGuid(), HeadMovement.TurnLeft),
            new LiveChallengeEvidence(HeadMovement.TurnLeft, LiveChallengeEvidence.Live, 4, 21.5f, 1.2f, 0.03f, 0.4f),
            new PassiveEvidence(0.97f, 0.93f, "antispoof", "liveness"));
        var facts = Explanation(null, face).FaceFacts().ToDictionary(f => f.Name, f => f.Value);

        Assert.Equal("Match", facts["outcome"]);
        Assert.Equal("0.31 against threshold 0.45", facts["distance"]);
        Assert.Contains("HardwareAttested, device key device-key-1, counter 42", facts["capture"]);
        Assert.StartsWith("TurnLeft: live over 4 frames, yaw change 21.5", facts["live challenge"]);
        Assert.Equal("real 0.97 (antispoof), live 0.93 (liveness)", facts["passive checks"]);
        Assert.StartsWith("not recorded", facts["operating point"]);
    }

    private static DecisionExplanation Explanation(DecisionInputs? inputs, FaceEvidence? face) =>
        new(Guid.NewGuid(), "authorized", null, Eur(10), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), DateTimeOffset.UnixEpoch, inputs,
            1, "terminal:x", null, null, [], face);
}
