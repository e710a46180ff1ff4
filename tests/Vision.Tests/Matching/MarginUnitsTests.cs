using Ledger.Vision.Embedding;
using Ledger.Vision.Matching;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Verification;
using Xunit;

namespace Ledger.Vision.Tests.Matching;

/// <summary>
/// The 1:N margin is in the units of the recognizer's metric: face_recognition's 0.05 is Euclidean at a threshold of 0.6;
/// for a cosine recognizer it is the same share of that recognizer's own threshold, not 0.05 of a cosine distance.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class MarginUnitsTests(VisionPipeline pipeline)
{
    private FaceVerifier Faceres(float? margin = null) =>
        FaceVerifier.Create(pipeline.Models, pipeline.Options with { Recognizer = "faceres", RecognizerMargin = margin });

    /// <summary>A unit vector at cosine distance <paramref name="distance"/> from the first axis (in a 1024-d space).</summary>
    private static FaceTemplate At(float distance, string key)
    {
        var v = new float[1024];
        v[0] = 1 - distance;
        v[1] = MathF.Sqrt(1 - v[0] * v[0]);
        return new FaceTemplate(v, key);
    }

    [Fact]
    public void Face_recognition_keeps_its_euclidean_margin()
    {
        Assert.Equal((DistanceMetric.Euclidean, 0.6f, 0.05f), (pipeline.Verifier.Matcher.Metric, pipeline.Verifier.Matcher.Threshold, pipeline.Verifier.Matcher.Margin));
        Assert.Equal(128, pipeline.Verifier.EmbeddingSize);
    }

    [Fact]
    public void A_cosine_recognizer_gets_the_same_share_of_its_own_threshold()
    {
        var matcher = Faceres().Matcher;

        Assert.Equal(DistanceMetric.Cosine, matcher.Metric);
        Assert.Equal(0.333f, matcher.Threshold, 1e-6f);
        Assert.Equal(0.05f / 0.6f * 0.333f, matcher.Margin, 1e-6f);
        Assert.Equal(1024, Faceres().EmbeddingSize);
    }

    [Fact]
    public void A_clear_cosine_lead_that_an_euclidean_margin_would_call_ambiguous_is_a_match()
    {
        var verifier = Faceres();
        var key = verifier.RecognitionModel.Key;
        var probe = At(0f, key);
        Candidate[] candidates = [new("ada", At(0.10f, key)), new("bob", At(0.14f, key))];

        // A lead of 0.04 in cosine distance is more than the 0.028 the threshold's share gives, less than 0.05.
        Assert.Equal(MatchDecision.Match, verifier.Matcher.Identify(probe, candidates).Decision);
        Assert.Equal(MatchDecision.Ambiguous, Faceres(margin: 0.05f).Matcher.Identify(probe, candidates).Decision);
    }

    [Fact]
    public void A_template_of_faceres_has_the_size_its_manifest_declares()
    {
        var face = Faceres().Analyze(File.ReadAllBytes(Path.Combine(FacePaths.Faces, "penny", "1.png"))).Chosen!;
        Assert.Equal(1024, face.Template.Descriptor.Length);
    }
}
