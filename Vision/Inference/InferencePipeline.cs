using System.Threading.RateLimiting;
using Polly;

namespace Ledger.Vision.Inference;

/// <summary>Builds the resilience pipeline put around every network run.</summary>
public static class InferencePipeline
{
    /// <summary>
    /// Timeout (outermost, so time spent queueing counts against it) then a concurrency limiter: a burst
    /// of terminals waits in a bounded queue instead of oversubscribing the cores, and beyond the queue
    /// callers are refused at once rather than piling up.
    /// </summary>
    public static ResiliencePipeline Create(VisionOptions options) =>
        new ResiliencePipelineBuilder()
            .AddTimeout(options.InferenceTimeout)
            .AddConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = Math.Max(1, options.MaxConcurrentInferences),
                QueueLimit = Math.Max(0, options.InferenceQueueLimit),
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })
            .Build();
}
