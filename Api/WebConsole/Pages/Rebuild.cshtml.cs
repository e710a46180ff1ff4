using Ledger.Api.Http;
using Ledger.Domain.Access;
using Ledger.Infrastructure.Audit.Rebuild;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// Rebuild projections from the events and show how each view compared with the live one (<see cref="ProjectionRebuild"/>,
/// what <c>ledger projections rebuild</c> runs). An operator's act, with a reason, recorded as
/// <c>projections_rebuilt.v1</c> on a stream of its own (auditors read it on the streams page); its form carries an
/// idempotency key, so sending it twice rebuilds once. One rebuild at a time.
/// </summary>
[ConsolePage(Role.Operator)]
public sealed class RebuildModel(RecordedRebuilds rebuilds) : ConsolePageModel
{
    [BindProperty(SupportsGet = true, Name = "rebuild")]
    public string? RebuildId { get; set; }

    public RecordedRebuild? Run { get; private set; }

    public static string NewKey() => "console-" + Guid.NewGuid().ToString("N");

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (RebuildId is null) return;
        if (!Guid.TryParse(RebuildId, out var id))
        {
            Fail(StatusCodes.Status400BadRequest, "That is not a rebuild id: expected a UUID.");
            return;
        }
        Run = await rebuilds.FindAsync(id, ct);
        if (Run is null) Fail(StatusCodes.Status404NotFound, $"No rebuild has the id {id}.");
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? view, [FromForm] string? reason, [FromForm] string? key)
    {
        if (view is null || !ProjectionRebuild.Selections.Contains(view))
            return Refused(StatusCodes.Status400BadRequest, $"Pick what to rebuild: one of {string.Join(", ", ProjectionRebuild.Selections)}.");
        reason = reason?.Trim();
        if (reason is null || reason.Length < FraudModel.MinReason || reason.Length > FraudModel.MaxReason)
            return Refused(StatusCodes.Status400BadRequest, $"Give a reason of {FraudModel.MinReason} to {FraudModel.MaxReason} characters: it is recorded with the rebuild.");
        if (!CommandContexts.IsUsableKey(key))
            return Refused(StatusCodes.Status400BadRequest, "The form has no usable idempotency key: open the page again.");
        try
        {
            // Not the request's token: a closed tab must not stop a rebuild halfway through a view's table.
            Run = await rebuilds.RunAsync(view, CommandContexts.For(HttpContext, key!, Guid.NewGuid().ToString("N"), reason), CancellationToken.None);
        }
        catch (RebuildBusy e)
        {
            return Refused(StatusCodes.Status409Conflict, e.Message);
        }
        return Page();
    }

    private PageResult Refused(int status, string message)
    {
        Fail(status, message);
        return Page();
    }
}
