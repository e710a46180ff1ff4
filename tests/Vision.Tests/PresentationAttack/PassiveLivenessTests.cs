using Ledger.Vision.Import;
using Ledger.Vision.Inference;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Ledger.Vision.Tests.PresentationAttack;

/// <summary><see cref="PassiveLiveness"/> as the plugin offers it: registration, and what a score carries.</summary>
[Collection(VisionPipelineCollection.Name)]
public sealed class PassiveLivenessTests(VisionPipeline pipeline) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("ledger-pack-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void AddVision_offers_it_over_the_shared_sessions_when_the_pack_has_both_networks()
    {
        using var provider = new ServiceCollection()
            .AddVision(o => o with { ModelPackDirectory = FacePaths.ModelPack })
            .BuildServiceProvider();

        var service = provider.GetRequiredService<PassiveLiveness>();

        Assert.Same(service, provider.GetRequiredService<PassiveLiveness>());
        Assert.NotNull(provider.GetRequiredService<VisionModels>().Liveness);
    }

    [Fact]
    public void A_pack_without_human_networks_gets_no_passive_liveness_and_still_loads()
    {
        ModelImporter.Import(FacePaths.NpmWeights, _scratch);
        using var provider = new ServiceCollection()
            .AddVision(o => o with { ModelPackDirectory = _scratch })
            .BuildServiceProvider();

        Assert.Null(provider.GetService<PassiveLiveness>());
        Assert.Null(provider.GetRequiredService<VisionModels>().Antispoof);
    }

    [Fact]
    public void A_score_names_the_exact_weights_and_both_values_are_probabilities()
    {
        var path = Path.Combine(FacePaths.Faces, "penny", "2.png");
        var face = pipeline.Analyze(path);
        using var image = new Ledger.Vision.Imaging.ImageDecoder().Decode(File.ReadAllBytes(path));

        var scores = PassiveLiveness.TryCreate(pipeline.Models)!.Score(image, face.Detections[face.ChosenIndex]);

        Assert.InRange(scores.Real, 0f, 1f);
        Assert.InRange(scores.Live, 0f, 1f);
        Assert.Equal(("antispoof", "3.3.6+onnx.1"), (scores.Antispoof.Id, scores.Antispoof.Version));
        Assert.Equal(("liveness", "3.3.6+onnx.1"), (scores.Liveness.Id, scores.Liveness.Version));
        Assert.Equal(pipeline.Models.Pack.Get("liveness").Sha256, scores.Liveness.Sha256);
    }
}
