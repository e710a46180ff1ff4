namespace Ledger.Api.WebConsole;

/// <summary>
/// Security headers on every console answer, errors and redirects included. The pages run no script, so the policy
/// allows none, except a page marked <see cref="ConsoleScriptAttribute"/> (the audit trail's verifier), which may load the
/// service's own script files and nothing inline; styles and images come only from the service itself (no CDN: the machine has no internet, and
/// a third party's asset would see every page view); no site may frame the console (clickjacking); nothing is cached.
/// </summary>
public sealed class ConsoleHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public const string ContentSecurityPolicyWithScripts = ContentSecurityPolicy + "; script-src 'self'";

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = http.GetEndpoint()?.Metadata.GetMetadata<ConsoleScriptEndpoint>() is null
                ? ContentSecurityPolicy
                : ContentSecurityPolicyWithScripts;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers.CacheControl = "no-store";
            return Task.CompletedTask;
        });
        return next(http);
    }
}
