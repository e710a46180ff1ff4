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
        // The timeout's clock has always already run out (its timers fire as they are set), so the run is over its
        // timeout whatever the machine's load: the flag ONNX Runtime checks between nodes is set and the run ends.
        using var models = VisionModels.Load(pipeline.Options, timeProvider: new ElapsedClock());

        Assert.Throws<TimeoutRejectedException>(() =>
            models.FaceRecognition.Run(new float[150 * 150 * 3], [1, 150, 150, 3], ["descriptor"]));
        Assert.Equal(128, pipeline.Models.FaceRecognition.Run(new float[150 * 150 * 3], [1, 150, 150, 3], ["descriptor"])[0].Length);
    }

    [Fact]
    public void A_cancelled_caller_gets_a_cancellation_not_a_result()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() =>
            pipeline.Models.FaceLandmark68.Run(new float[112 * 112 * 3], [1, 112, 112, 3], ["landmarks"], cancelled.Token));
    }
}
