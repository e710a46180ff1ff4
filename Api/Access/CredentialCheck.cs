using Ledger.Api.Http;
using Ledger.Domain.Access;
using Ledger.Api.WebConsole;
using Ledger.Infrastructure.Access;

namespace Ledger.Api.Access;

/// <summary>
/// Enforces each endpoint's access declaration before anything of the request runs: public endpoints pass,
/// terminal-signed ones go on to <c>TerminalSignatureCheck</c>, role endpoints need <c>Authorization: Bearer TOKEN</c>
/// (401 when missing, unknown, revoked or expired; 403 for a role the endpoint does not allow), and an endpoint that
/// declares nothing is refused. An auditor's read is recorded before it is served.
/// </summary>
public sealed class CredentialCheck
{
    private const string Scheme = "Bearer ";
    private const int MaxTokenLength = 200;
    private readonly RequestDelegate next;

    public CredentialCheck(RequestDelegate next, EndpointDataSource endpoints)
    {
        this.next = next;
        AccessDeclarationCheck.ThrowIfAnyUndeclared(endpoints.Endpoints);
    }

    public async Task InvokeAsync(HttpContext http)
    {
        var endpoint = http.GetEndpoint();
        // No route matched (404), or routing chose one of its own rejection endpoints (405 method, 415 media type):
        // they run no handler, so there is nothing to protect, and the caller gets their 4xx instead of a 500.
        if (endpoint is not RouteEndpoint)
        {
            await next(http);
            return;
        }
        var refusal = AccessRules.DeclarationOf(endpoint) switch
        {
            AccessDeclaration.Public or AccessDeclaration.Terminal => null,
            AccessDeclaration.ForRoles declared => await AuthenticateAsync(http, endpoint, declared.Roles),
            _ => Problems.Of(500, "access-undeclared", "This endpoint declares no access rule, so nobody may call it.",
                "Every endpoint must declare RequireRole, AllowPublic or a terminal signature."),
        };
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(http);
            return;
        }
        await next(http);
    }

    private static async Task<IResult?> AuthenticateAsync(HttpContext http, Endpoint endpoint, IReadOnlySet<Role> allowed)
    {
        var services = http.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // Console pages are authenticated by their session cookie and refused as pages; everything else by the bearer header.
        var console = endpoint.Metadata.GetMetadata<ConsoleSessionEndpoint>() is not null;
        var (credential, refusal) = console
            ? (await ConsoleSessionCookie.AuthenticateAsync(http, now) is { } signedIn ? (signedIn, null) : (null, ConsoleRefusals.SignInFirst(http)))
            : await BearerAsync(http, now);
        if (credential is null) return refusal;
        if (!allowed.Contains(credential.Role))
            return console ? ConsoleRefusals.Forbidden() : Problems.Of(403, "role-forbidden", "Forbidden.",
                $"A {credential.Role.Name()} credential cannot call this endpoint; it needs {string.Join(" or ", allowed.Select(r => r.Name()))}.");

        Callers.Authenticated(http, credential);
        if (credential.Role == Role.Auditor)
            await services.GetRequiredService<AuditReadLog>().RecordAsync(AuditReads.Describe(http, endpoint, credential, now), http.RequestAborted);
        return null;
    }

    private static async Task<(Credential?, IResult?)> BearerAsync(HttpContext http, DateTimeOffset now)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
            return (null, Unauthorized(http, "credential-missing", "Send Authorization: Bearer TOKEN with an operator or auditor credential.", null));
        var token = header[Scheme.Length..].Trim();
        var credential = await FindAcceptedAsync(http, token, now);
        // Unknown, revoked and expired read the same to the caller: the answer must not help anyone probe tokens.
        return credential is null
            ? (null, Unauthorized(http, "credential-unknown", "The bearer token is unknown, revoked or expired.", "invalid_token"))
            : (credential, null);
    }

    /// <summary>The credential of <paramref name="token"/> if it is accepted now (the console's sign-in asks the same).</summary>
    public static async Task<Credential?> FindAcceptedAsync(HttpContext http, string token, DateTimeOffset now)
    {
        if (token.Length == 0 || token.Length > MaxTokenLength) return null;
        var credential = await http.RequestServices.GetRequiredService<CredentialStore>().FindByTokenAsync(token, http.RequestAborted);
        return credential is not null && credential.AcceptedAt(now) ? credential : null;
    }

    private static IResult Unauthorized(HttpContext http, string code, string detail, string? error)
    {
        // RFC 6750 §3: a 401 names the scheme, and the error when a token was sent.
        http.Response.Headers.WWWAuthenticate = error is null ? "Bearer realm=\"ledger\"" : $"Bearer realm=\"ledger\", error=\"{error}\"";
        return Problems.Of(401, code, "The request is not authenticated.", detail);
    }
}
