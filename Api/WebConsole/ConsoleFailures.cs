namespace Ledger.Api.WebConsole;

/// <summary>
/// A console request that fails (a body over its limit, a malformed form, a fault) answers with its status and no body,
/// so the console's error page (re-executed by the status code pages) explains it in HTML, where the API would answer
/// a problem document. Faults are logged as the API's are.
/// </summary>
public sealed class ConsoleFailures(RequestDelegate next, ILogger<ConsoleFailures> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            var status = e is BadHttpRequestException bad ? bad.StatusCode : 500;
            if (status >= 500) log.LogError(e, "Console request {Path} failed", http.Request.Path);
            http.Response.Clear();
            http.Response.StatusCode = status;
        }
    }
}
