namespace Ledger.Api.Diagnostics;

/// <summary>Each request as a span of its own, and its stages' totals in the answer's <c>Server-Timing</c> header (<see cref="ServerTiming"/>).</summary>
public sealed class ServerTimingMiddleware(RequestDelegate next, ServerTiming timing)
{
    public async Task InvokeAsync(HttpContext context)
    {
        using var request = ApiActivities.Source.StartActivity(ApiActivities.Request);
        if (request is null)
        {
            await next(context);
            return;
        }
        var totals = timing.Open(request.TraceId);
        context.Response.OnStarting(() =>
        {
            var header = totals.Header();
            if (header.Length > 0) context.Response.Headers["Server-Timing"] = header;
            return Task.CompletedTask;
        });
        try
        {
            await next(context);
        }
        finally
        {
            timing.Close(request.TraceId);
        }
    }
}
