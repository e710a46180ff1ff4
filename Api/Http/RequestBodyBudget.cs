using System.Threading.RateLimiting;

namespace Ledger.Api.Http;

/// <summary>
/// How many bytes of large bodies (face captures, up to <see cref="FacePay.FaceCaptures.MaxBodyBytes"/> each) the service
/// reads and holds at once, whoever sends them. A body's bytes are taken from the budget after its headers are
/// authenticated and before it is read, and given back when its request ends; while the budget is spent a request
/// waits, unread (Kestrel buffers at most 1 MiB of it), and beyond the queue it is answered 503 <c>busy</c> at once.
/// Without it, 500 requests of 7.5 MB under a real key id (the signature can only be checked over the read body)
/// grew the process to 3.5 GB and stalled every answer. A body costs several times its size on its way through
/// (its JSON string, the decoded capture, the pixels), so the budget is kept well under the memory to spare.
/// Configuration <c>Limits:BodyBudgetMiB</c> (default 64) and <c>Limits:BodyQueueMiB</c> (default 256).
/// </summary>
public sealed class RequestBodyBudget : IDisposable
{
    private const int KiB = 1024;
    private readonly ConcurrencyLimiter _limiter;
    private readonly int _permits;

    public RequestBodyBudget(int budgetMiB, int queueMiB)
    {
        _permits = Math.Max(1, budgetMiB) * KiB;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _permits,
            QueueLimit = Math.Max(0, queueMiB) * KiB,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public static RequestBodyBudget From(IConfiguration configuration) =>
        new(configuration.GetValue("Limits:BodyBudgetMiB", 64), configuration.GetValue("Limits:BodyQueueMiB", 256));

    /// <summary>
    /// Takes the body's declared length (the endpoint's cap when it declares none: chunked) from the budget, waiting
    /// while it is spent; null when the endpoint takes no large body or the request has none.
    /// </summary>
    /// <returns>The lease to hold until the request ends (not acquired: answer <see cref="Busy"/>).</returns>
    public async ValueTask<RateLimitLease?> AcquireAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<AllowLargeBody>() is not { } large || http.Request.ContentLength == 0) return null;
        var bytes = http.Request.ContentLength ?? large.MaxBytes;
        // A body larger than the whole budget takes all of it (BodySizeLimit has refused anything above the endpoint's cap).
        var permits = (int)Math.Clamp((bytes + KiB - 1) / KiB, 1, _permits);
        return await _limiter.AcquireAsync(permits, http.RequestAborted);
    }

    public static IResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return Problems.Of(503, "busy", "The service is at capacity; retry shortly with the same Idempotency-Key.",
            "Too many large request bodies are being read at once.");
    }

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// The budget for endpoints whose large body is read by the handler (operator enrolment, after <c>CredentialCheck</c>
/// has authenticated the caller); terminal endpoints take it in <see cref="Terminals.TerminalSignatureCheck"/>, between
/// their headers and their body.
/// </summary>
public sealed class LargeBodyBudget(RequestDelegate next, RequestBodyBudget budget)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (http.GetEndpoint()?.Metadata.GetMetadata<Terminals.TerminalSigned>() is not null)
        {
            await next(http);
            return;
        }
        using var lease = await budget.AcquireAsync(http);
        if (lease is { IsAcquired: false })
        {
            await RequestBodyBudget.Busy(http).ExecuteAsync(http);
            return;
        }
        await next(http);
    }
}
