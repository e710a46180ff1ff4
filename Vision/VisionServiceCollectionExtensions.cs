using Ledger.Vision.Detection;
using Ledger.Vision.Embedding;
using Ledger.Vision.Inference;
using Ledger.Vision.Matching;
using Ledger.Vision.PresentationAttack;
using Ledger.Vision.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.ML.OnnxRuntime;

namespace Ledger.Vision;

/// <summary>Registers the vision plugin in a service collection.</summary>
public static class VisionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the face pipeline as singletons: one <see cref="InferenceSession"/> per model (loaded on first
    /// use and verified against the pack manifest), the <see cref="FaceVerifier"/> port, and the
    /// <see cref="IFaceDetector"/>/<see cref="IFaceEmbedder"/> parts, and <see cref="PassiveLiveness"/> when the pack's
    /// manifest lists the antispoof and liveness networks. A <see cref="SessionOptions"/> already
    /// registered by the host is used for every run; otherwise each model's runs take every core when they start alone
    /// and one core beside other runs (<see cref="VisionModels.Load"/>).
    /// </summary>
    /// <param name="services">The collection.</param>
    /// <param name="configure">Adjusts the defaults, e.g. <c>o => o with { MatchThreshold = 0.5f }</c>.</param>
    public static IServiceCollection AddVision(this IServiceCollection services, Func<VisionOptions, VisionOptions>? configure = null)
    {
        var options = configure is null ? new VisionOptions() : configure(new VisionOptions());

        services.TryAddSingleton(options);
        services.TryAddSingleton(sp => VisionModels.Load(sp.GetRequiredService<VisionOptions>(), sp.GetService<SessionOptions>()));
        services.TryAddSingleton(sp => FaceVerifier.Create(sp.GetRequiredService<VisionModels>(), sp.GetRequiredService<VisionOptions>()));
        services.TryAddSingleton<IFaceDetector>(sp =>
        {
            var o = sp.GetRequiredService<VisionOptions>();
            return FaceVerifier.DetectorOf(sp.GetRequiredService<VisionModels>(), o, o.Detector);
        });
        services.TryAddSingleton<IFaceEmbedder>(sp => new FaceEmbedder(sp.GetRequiredService<VisionModels>().FaceRecognition));
        services.TryAddSingleton(sp => sp.GetRequiredService<FaceVerifier>().Matcher);
        if (ModelPack.Lists(options.ModelPackDirectory, ModelPack.Antispoof, ModelPack.Liveness))
            services.TryAddSingleton(sp => PassiveLiveness.TryCreate(sp.GetRequiredService<VisionModels>())
                ?? throw new ModelPackException($"The model pack in '{options.ModelPackDirectory}' lost its antispoof/liveness networks after start-up."));
        return services;
    }
}
