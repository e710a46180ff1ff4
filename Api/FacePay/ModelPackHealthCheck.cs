using Ledger.Vision.Inference;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ledger.Api.FacePay;

/// <summary>
/// Ready only when the face networks are loaded and match their manifest: without them no face can be enrolled or
/// verified. The first check loads the pack (a few seconds), so a load balancer waits for it instead of the first
/// shopper.
/// </summary>
public sealed class ModelPackHealthCheck(IServiceProvider services) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            var models = services.GetRequiredService<VisionModels>();
            var recognition = models.FaceRecognition;
            return Task.FromResult(HealthCheckResult.Healthy($"Face models loaded ({recognition.Info.Key}, sha256 {recognition.Info.Sha256[..12]}…); {Priority(models.Threads)}."));
        }
        catch (Exception e) when (e is ModelPackException or IOException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"Face models unavailable: {e.Message}"));
        }
    }

    // Whether the networks really run below the service's priority (Vision:NetworkNice), for the operator who set it.
    private static string Priority(NetworkThreads? threads) => threads switch
    {
        null => "networks at the service's priority",
        { Refused: > 0 } => $"networks at the service's priority on {threads.Refused} of their threads (the system refused nice {threads.Nice})",
        _ => $"networks at nice {threads.Nice}",
    };
}
