using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ledger.Api.WebConsole;

/// <summary>A console page: what went wrong is said on the page, in words, with the status the API would answer.</summary>
public abstract class ConsolePageModel : PageModel
{
    public string? Error { get; private set; }

    protected void Fail(int status, string message)
    {
        Response.StatusCode = status;
        Error = message;
    }
}
