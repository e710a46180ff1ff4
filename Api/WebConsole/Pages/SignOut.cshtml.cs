using Ledger.Domain.Access;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>Ends the session on the server (its cookie is worthless from now on, even if copied) and drops the cookie.</summary>
[ConsolePage(Role.Operator, Role.Auditor)]
public sealed class SignOutModel(ConsoleSessions sessions) : PageModel
{
    public IActionResult OnGet() => Redirect(ConsoleServices.Prefix);

    public async Task<IActionResult> OnPostAsync()
    {
        await sessions.EndAsync(ConsoleSessionCookie.Read(HttpContext), HttpContext.RequestAborted);
        ConsoleSessionCookie.Delete(HttpContext);
        return Redirect(ConsoleRefusals.SignInPath + "?signedOut=true");
    }
}
