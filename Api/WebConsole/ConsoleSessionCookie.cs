using System.Security.Claims;
using Ledger.Infrastructure.Access;

namespace Ledger.Api.WebConsole;

/// <summary>
/// The session cookie and what it authenticates: HttpOnly (no script reads it), SameSite=Strict (no other site's page
/// sends it), Secure on HTTPS, path <c>/console</c>. The credential behind a session is looked up on every request, so
/// a revoked or expired credential ends its sessions at once, as it ends its bearer calls.
/// </summary>
public static class ConsoleSessionCookie
{
    public const string Name = "ledger-console";
    public const string Path = "/console";
    private const string ItemKey = "ledger.console-session";

    public static void Write(HttpContext http, string token, DateTimeOffset expiresAt) =>
        http.Response.Cookies.Append(Name, token, Options(http, expiresAt));

    public static void Delete(HttpContext http) => http.Response.Cookies.Delete(Name, Options(http, null));

    public static string? Read(HttpContext http) => http.Request.Cookies[Name];

    /// <summary>
    /// The credential of the request's live session, or null. The request's user becomes the session (its handle as
    /// the name identifier), which binds the antiforgery tokens of its forms to this session and no other.
    /// </summary>
    public static async Task<Credential?> AuthenticateAsync(HttpContext http, DateTimeOffset now)
    {
        var services = http.RequestServices;
        if (await services.GetRequiredService<ConsoleSessions>().FindAsync(Read(http), now, http.RequestAborted) is not { } session) return null;
        var credential = await services.GetRequiredService<CredentialStore>().FindAsync(session.CredentialId, http.RequestAborted);
        if (credential is null || !credential.AcceptedAt(now)) return null;
        http.User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, session.Handle), new Claim(ClaimTypes.Name, credential.Actor.ToString())], "ledger-console"));
        http.Items[ItemKey] = session;
        return credential;
    }

    public static ConsoleSession? SessionOf(HttpContext http) => http.Items.TryGetValue(ItemKey, out var s) ? (ConsoleSession)s! : null;

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = http.Request.IsHttps,
        Path = Path,
        Expires = expiresAt,
        IsEssential = true,
    };
}
