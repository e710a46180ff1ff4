using Ledger.Vision.Embedding;
using Ledger.Vision.Matching;
using Xunit;

namespace Ledger.Vision.Tests.Matching;

public sealed class FaceMatcherTests
{
    private const string Model = "face_recognition@1.7.15+onnx.1";
    private readonly FaceMatcher _matcher = new(threshold: 0.6f, margin: 0.05f);

    [Fact]
    public void Distance_at_the_threshold_matches_and_just_over_it_does_not()
    {
        Assert.Equal(MatchDecision.Match, _matcher.Verify(At(0), At(0.6f)).Decision);
        Assert.Equal(MatchDecision.NoMatch, _matcher.Verify(At(0), At(0.61f)).Decision);
    }

    [Fact]
    public void The_score_is_one_for_identical_half_at_the_threshold_and_falls_past_it()
    {
        Assert.Equal(1f, FaceDistance.Score(0, 0.6f));
        Assert.Equal(0.5f, FaceDistance.Score(0.6f, 0.6f), 5);
        Assert.True(FaceDistance.Score(1.2f, 0.6f) < 0.1f);
        var verdict = _matcher.Verify(At(0), At(0.3f));
        Assert.Equal((0.3f, 0.6f, Model), (verdict.Distance, verdict.Threshold, verdict.ModelKey));
    }

    [Fact]
    public void Templates_of_different_models_are_never_compared()
    {
        var other = new FaceTemplate(new float[128], "face_recognition@2.0.0");

        var e = Assert.Throws<ModelMismatchException>(() => _matcher.Verify(At(0), other));
        Assert.Throws<ModelMismatchException>(() => _matcher.Identify(At(0), [new Candidate("x", other)]));
        Assert.Contains("2.0.0", e.Message);
    }

    [Fact]
    public void Identification_names_a_clear_winner()
    {
        var result = _matcher.Identify(At(0), [new("ann", At(0.3f)), new("bob", At(0.5f)), new("cid", At(0.9f))]);

        Assert.Equal((MatchDecision.Match, "ann", "bob"), (result.Decision, result.CandidateId, result.RunnerUpId));
        Assert.Equal(0.3f, result.Distance, 5);
        Assert.Equal(0.5f, result.RunnerUpDistance, 5);
    }

    [Fact]
    public void Two_identities_within_the_margin_are_ambiguous()
    {
        var result = _matcher.Identify(At(0), [new("ann", At(0.30f)), new("bob", At(0.33f))]);

        Assert.Equal(MatchDecision.Ambiguous, result.Decision);
    }

    [Fact]
    public void Several_templates_of_one_identity_do_not_make_it_ambiguous_with_itself()
    {
        var result = _matcher.Identify(At(0), [new("ann", At(0.30f)), new("ann", At(0.31f)), new("bob", At(0.7f))]);

        Assert.Equal((MatchDecision.Match, "ann"), (result.Decision, result.CandidateId));
    }

    [Fact]
    public void Nobody_under_the_threshold_is_no_match_and_names_nobody()
    {
        var result = _matcher.Identify(At(0), [new("ann", At(0.8f))]);

        Assert.Equal((MatchDecision.NoMatch, (string?)null), (result.Decision, result.CandidateId));
        Assert.Equal(MatchDecision.NoMatch, _matcher.Identify(At(0), []).Decision);
    }

    // A descriptor whose distance to At(0) is exactly d (moved along the first axis).
    private static FaceTemplate At(float d)
    {
        var descriptor = Enumerable.Repeat(0.05f, 128).ToArray();
        descriptor[0] += d;
        return new FaceTemplate(descriptor, Model);
    }
}
