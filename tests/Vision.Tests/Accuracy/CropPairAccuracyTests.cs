using Ledger.Vision.Evaluation;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Verification;
using Xunit;
using Xunit.Abstractions;

namespace Ledger.Vision.Tests.Accuracy;

/// <summary>
/// All 80 genuine and 700 impostor pairs of the 40 tight crops, through the real networks. The face-api.js
/// pipeline measured on the same crops: EER 1.27% at best, 96.25% true accepts at zero false accepts, and
/// its tiny detector finds no face in 28 of them.
/// </summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class CropPairAccuracyTests(VisionPipeline pipeline, ITestOutputHelper output)
{
    private static PairEvaluationResult? _result;

    private PairEvaluationResult Result => _result ??= PairEvaluation.Run(pipeline.Verifier, LabelledFaces.Load(FacePaths.Faces, "groups"));

    [Fact]
    public void Every_crop_yields_a_face()
    {
        Assert.Equal(40, Result.Images.Count);
        Assert.Equal(0, Result.WithoutFace);
        // The detector itself (directly or on the padded frame) finds most of them; the rest fall back to the whole frame.
        Assert.True(Result.Images.Count(i => i.Route is DetectionRoute.Direct or DetectionRoute.Padded) >= 30);
    }

    [Fact]
    public void The_pairs_are_all_there()
    {
        Assert.Equal(80, Result.Rates.Genuine);
        Assert.Equal(700, Result.Rates.Impostor);
    }

    [Fact]
    public void Equal_error_rate_is_at_most_half_a_percent()
    {
        output.WriteLine(EvaluationReport.Format(Result));

        Assert.True(Result.Rates.EqualErrorRate <= 0.005, $"EER {Result.Rates.EqualErrorRate:P2}");
    }

    [Fact]
    public void At_least_79_of_80_genuine_pairs_are_accepted_with_zero_false_accepts() =>
        Assert.True(Result.Rates.TrueAcceptRateAtZeroFalseAccepts >= 79 / 80.0,
            $"TAR at zero FAR {Result.Rates.TrueAcceptRateAtZeroFalseAccepts:P2}");

    [Fact]
    public void At_the_default_threshold_no_impostor_is_accepted_and_at_least_78_genuine_pairs_are()
    {
        Assert.Equal(0, Result.Rates.FalseAcceptRate);
        Assert.True(Result.Rates.TrueAcceptRate >= 78 / 80.0, $"TAR at 0.6 {Result.Rates.TrueAcceptRate:P2}");
    }
}
