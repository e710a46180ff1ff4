using Ledger.Api.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// The one console form anyone may post, so it is small and bounded: at most <see cref="MaxBodyBytes"/>, a few fields of
/// a few hundred bytes, read only after the address's failure bucket allows another try.
/// </summary>
[ConsolePublic]
[RequestSizeLimit(MaxBodyBytes)]
[RequestFormLimits(ValueCountLimit = 4, ValueLengthLimit = 512, KeyLengthLimit = 64, MultipartBodyLengthLimit = MaxBodyBytes)]
public sealed class SignInModel(ConsoleSessions sessions, SignInFailures failures, ConsoleOptions options, TimeProvider time) : ConsolePageModel
{
    public const int MaxBodyBytes = 4096;

    [BindProperty(SupportsGet = true, Name = "signedOut")]
    public bool SignedOut { get; set; }

    public int SessionMinutes => (int)options.SessionLifetime.TotalMinutes;

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync([FromForm] string? token)
    {
        SignedOut = false;
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (!failures.MayTry(address))
            return Refused(StatusCodes.Status429TooManyRequests, "Too many wrong tokens from this address. Wait a minute, then try again.");
        var now = time.GetUtcNow();
        var credential = await CredentialCheck.FindAcceptedAsync(HttpContext, token?.Trim() ?? "", now);
        if (credential is null)
        {
            failures.Failed(address);
            // As over HTTP: unknown, revoked and expired read the same.
            return Refused(StatusCodes.Status401Unauthorized, "That token is unknown, revoked or expired.");
        }
        if (await sessions.StartAsync(credential.Id, now, HttpContext.RequestAborted) is not { } session)
            return Refused(StatusCodes.Status503ServiceUnavailable, "The console has too many open sessions. Try again later.");
        ConsoleSessionCookie.Write(HttpContext, session, now + options.SessionLifetime);
        return Redirect(ConsoleServices.Prefix);
    }

    private PageResult Refused(int status, string message)
    {
        if (status == StatusCodes.Status429TooManyRequests) Response.Headers.RetryAfter = "60";
        Fail(status, message);
        return Page();
    }
}
