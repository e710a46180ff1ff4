using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Ledger.Terminal.Http;

/// <summary>
/// The retry of every terminal transport (HTTP and bus): a Polly retry (exponential backoff with jitter, or the service's
/// Retry-After) around a per-try timeout, under a total time limit. Each try runs the caller's attempt anew, which signs
/// anew; what it sends must be the same body under the same idempotency key every time.
/// </summary>
public static class TerminalRetry
{
    private static readonly ResiliencePropertyKey<CancellationToken> Caller = new("ledger.caller");

    public static ResiliencePipeline<TerminalResponse> Build(TerminalClientOptions options)
    {
        var builder = new ResiliencePipelineBuilder<TerminalResponse> { TimeProvider = options.Time };
        // MaxRetries 0: one try only (Polly's retry needs at least one retry to be added at all).
        if (options.MaxRetries > 0)
            builder.AddRetry(new RetryStrategyOptions<TerminalResponse>
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.FirstDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: { } e } => RetryRules.IsRetryable(e, CallerToken(args.Context)),
                    { Result: { } r } => RetryRules.IsRetryable(r) && !(r.RetryAfter > options.MaxRetryAfter),
                    _ => false,
                }),
                // The service's Retry-After when it named one; else the exponential backoff.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
            });
        return builder.AddTimeout(new TimeoutStrategyOptions { Timeout = options.AttemptTimeout }).Build();
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> under <paramref name="pipeline"/>: the last answer (which may still be a retryable
    /// one, when the tries ran out), or the last failure when no answer came at all. Cancelling <paramref name="ct"/>
    /// throws <see cref="OperationCanceledException"/>; the total time running out does not.
    /// </summary>
    public static async Task<(TerminalResponse? Response, int Attempts, Exception? Error)> RunAsync(ResiliencePipeline<TerminalResponse> pipeline,
        TerminalClientOptions options, Func<CancellationToken, Task<TerminalResponse>> attempt, CancellationToken ct)
    {
        using var total = CancellationTokenSource.CreateLinkedTokenSource(ct);
        total.CancelAfter(options.TotalTimeout);
        var context = ResilienceContextPool.Shared.Get(total.Token);
        context.Properties.Set(Caller, ct);
        var attempts = 0;
        try
        {
            var response = await pipeline.ExecuteAsync(async (c, state) =>
            {
                Interlocked.Increment(ref attempts);
                return await state(c.CancellationToken);
            }, context, attempt);
            return (response, attempts, null);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (RetryRules.IsRetryable(e, ct) || total.IsCancellationRequested))
        {
            return (null, attempts, e);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static CancellationToken CallerToken(ResilienceContext context) =>
        context.Properties.TryGetValue(Caller, out var token) ? token : CancellationToken.None;
}
