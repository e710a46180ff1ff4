using System.Threading.RateLimiting;
using Polly;

namespace Ledger.Vision.Inference;

/// <summary>Builds the resilience pipeline put around every network run.</summary>
public static class InferencePipeline
{
    /// <summary>
    /// A concurrency limiter (outer): a burst of terminals waits in a bounded queue instead of
    /// oversubscribing the cores, and beyond the queue callers are refused at once rather than piling up.
    /// Then a timeout (inner) on the run itself, so a stuck or pathological run is terminated while a
    /// merely queued one is not blamed for the load in front of it.
    /// </summary>
    /// <param name="options">Concurrency, queue and timeout.</param>
    /// <param name="timeProvider">The clock of the timeout; the system's unless a test supplies its own.</param>
    public static ResiliencePipeline Create(VisionOptions options, TimeProvider? timeProvider = null) =>
        new ResiliencePipelineBuilder { TimeProvider = timeProvider ?? TimeProvider.System }
            .AddConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = Math.Max(1, options.MaxConcurrentInferences),
                QueueLimit = Math.Max(0, options.InferenceQueueLimit),
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })
            .AddTimeout(options.InferenceTimeout)
            .Build();
}
