using Ledger.Vision.Detection;
using Ledger.Vision.Embedding;
using Ledger.Vision.Inference;
using Ledger.Vision.Matching;
using Ledger.Vision.Tests.Support;
using Ledger.Vision.Verification;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;
using Xunit;

namespace Ledger.Vision.Tests.Verification;

[Collection(VisionPipelineCollection.Name)]
public sealed class AddVisionTests(VisionPipeline pipeline)
{
    [Fact]
    public void The_pipeline_and_its_parts_are_singletons_over_one_set_of_sessions()
    {
        using var provider = new ServiceCollection()
            .AddVision(o => o with { ModelPackDirectory = FacePaths.ModelPack, MatchThreshold = 0.55f })
            .BuildServiceProvider();

        var verifier = provider.GetRequiredService<FaceVerifier>();

        Assert.Same(verifier, provider.GetRequiredService<FaceVerifier>());
        Assert.Same(provider.GetRequiredService<VisionModels>(), provider.GetRequiredService<VisionModels>());
        Assert.Equal("ssd_mobilenetv1", provider.GetRequiredService<IFaceDetector>().Model.Id);
        Assert.Equal("face_recognition", provider.GetRequiredService<IFaceEmbedder>().Model.Id);
        Assert.Equal(0.55f, provider.GetRequiredService<FaceMatcher>().Threshold);
        Assert.Equal(pipeline.Verifier.RecognitionModel, verifier.RecognitionModel);
    }

    [Fact]
    public void A_run_over_the_inference_timeout_is_stopped_and_reported_as_a_timeout()
    {
        // 10 ms is Polly's smallest timeout; ssd_mobilenetv1 on a 512 px input takes far longer on a CPU.
        using var models = VisionModels.Load(pipeline.Options with { InferenceTimeout = TimeSpan.FromMilliseconds(10) });
        var verifier = FaceVerifier.Create(models, pipeline.Options);

        Assert.Throws<TimeoutRejectedException>(() => verifier.Analyze(File.ReadAllBytes(FacePaths.Group("bbt1"))));
    }
}
