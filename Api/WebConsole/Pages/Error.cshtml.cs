using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// What a refused or failed console request shows (re-executed here by the status code pages, with the method of the
/// request that failed, so posts come here too and carry no antiforgery token of this page's).
/// </summary>
[ConsolePublic]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(TimeProvider time) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public Task OnGetAsync(int status) => DescribeAsync(status);

    public Task OnPostAsync(int status) => DescribeAsync(status);

    private async Task DescribeAsync(int status)
    {
        // A public page, so access control did not look at the session: whoever is still signed in keeps their
        // navigation and sign-out form (re-execution starts the request's access anew).
        if (Access.Callers.Of(HttpContext) is null && await ConsoleSessionCookie.AuthenticateAsync(HttpContext, time.GetUtcNow()) is { } caller)
            Access.Callers.Authenticated(HttpContext, caller);
        if (status is < 400 or > 599) status = StatusCodes.Status404NotFound;
        Response.StatusCode = status;
        (Title, Message) = status switch
        {
            400 => ("Request refused", "The form was not accepted: it was not sent from a page of this console session (its anti-forgery token was missing, wrong or from another session), or its input was malformed. Open the page again and resend."),
            401 => ("Not signed in", "Your session has ended or was never started. Sign in again."),
            403 => ("Not allowed", "Your role may not open this page or do this. Auditors read; operators also act (docs/ACCESS.md)."),
            404 => ("Not found", "There is no such console page."),
            405 => ("Not allowed", "This page does not take that kind of request."),
            413 => ("Too large", "The form is larger than this page accepts."),
            429 => ("Too many requests", "Too many requests from this address. Wait a little, then try again."),
            _ => ("Something went wrong", "The console could not answer. The failure is logged; try again later."),
        };
    }
}
