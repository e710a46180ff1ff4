using Ledger.Domain.Access;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ledger.Api.WebConsole.Pages;

[ConsolePage(Role.Operator, Role.Auditor)]
public sealed class IndexModel : PageModel
{
    public DateTimeOffset? ExpiresAt => ConsoleSessionCookie.SessionOf(HttpContext)?.ExpiresAt;

    public void OnGet() { }
}
