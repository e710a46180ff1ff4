using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.WebConsole;

/// <summary>
/// 303 See Other: the answer to a form that started something in the background, sending the browser to the page that
/// follows it (a reload then reads that page again instead of sending the form again).
/// </summary>
public sealed class SeeOther(string location) : IActionResult
{
    public string Location { get; } = location;

    public Task ExecuteResultAsync(ActionContext context)
    {
        context.HttpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.HttpContext.Response.Headers.Location = Location;
        return Task.CompletedTask;
    }
}
