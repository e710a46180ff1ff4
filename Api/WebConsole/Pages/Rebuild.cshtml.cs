using Ledger.Api.Http;
using Ledger.Domain.Access;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Rebuild;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// Rebuild projections from the events and show how each view compared with the live one (<see cref="ProjectionRebuild"/>,
/// what <c>ledger projections rebuild</c> runs). An operator's act, with a reason: the form starts it in the background
/// and answers at once with its page (<c>?rebuild=ID</c>), which follows its progress and then shows the diff report.
/// Recorded as <c>projections_rebuild_started.v1</c> and <c>projections_rebuilt.v1</c> on a stream of its own (auditors
/// read it on the streams page); its form carries an idempotency key, so sending it twice starts one rebuild. One rebuild
/// at a time on the database, across every process: another one meanwhile is refused (409).
/// </summary>
[ConsolePage(Role.Operator)]
public sealed class RebuildModel(RecordedRebuilds rebuilds, RebuildRuns runs, TimeProvider time) : ConsolePageModel
{
    public const int RecentCount = 20;

    [BindProperty(SupportsGet = true, Name = "rebuild")]
    public string? RebuildId { get; set; }

    [BindProperty(SupportsGet = true, Name = "sent")]
    public string? Sent { get; set; }

    public RecordedRebuild? Run { get; private set; }
    public IReadOnlyList<RebuildRun> Recent { get; private set; } = [];
    /// <summary>The rebuild that made this one wait its turn (409), when the console started it.</summary>
    public RebuildRun? Busy { get; private set; }

    /// <summary>The page reloads itself (a meta refresh: the console runs no script) while the rebuild is not over.</summary>
    public bool Refreshes => Run is { } run && BackgroundRunStatus.IsOpen(run.Status);

    public int RefreshSeconds => ConsoleRefresh.SecondsFor(Run?.Run?.RequestedAt ?? time.GetUtcNow(), time.GetUtcNow());

    public static string NewKey() => "console-" + Guid.NewGuid().ToString("N");

    public static string Link(Guid id) => $"/console/rebuild?rebuild={id}";

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (RebuildId is null)
        {
            Recent = await runs.RecentAsync(RecentCount, ct);
            return;
        }
        if (!Guid.TryParse(RebuildId, out var id))
        {
            Fail(StatusCodes.Status400BadRequest, "That is not a rebuild id: expected a UUID.");
            return;
        }
        Run = await rebuilds.FindAsync(id, ct);
        if (Run is null) Fail(StatusCodes.Status404NotFound, $"No rebuild has the id {id}.");
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? view, [FromForm] string? reason, [FromForm] string? key, CancellationToken ct)
    {
        if (view is null || !ProjectionRebuild.Selections.Contains(view))
            return await RefusedAsync(StatusCodes.Status400BadRequest, $"Pick what to rebuild: one of {string.Join(", ", ProjectionRebuild.Selections)}.", ct);
        reason = reason?.Trim();
        if (reason is null || reason.Length < FraudModel.MinReason || reason.Length > FraudModel.MaxReason)
            return await RefusedAsync(StatusCodes.Status400BadRequest,
                $"Give a reason of {FraudModel.MinReason} to {FraudModel.MaxReason} characters: it is recorded with the rebuild.", ct);
        if (!CommandContexts.IsUsableKey(key))
            return await RefusedAsync(StatusCodes.Status400BadRequest, "The form has no usable idempotency key: open the page again.", ct);
        try
        {
            var started = await rebuilds.StartAsync(view, CommandContexts.For(HttpContext, key!, Guid.NewGuid().ToString("N"), reason), ct);
            return new SeeOther(Link(started.Id) + (started.Repeated ? "&sent=again" : ""));
        }
        catch (RebuildBusy e)
        {
            Busy = e.Running;
            return await RefusedAsync(StatusCodes.Status409Conflict, e.Message, ct);
        }
    }

    private async Task<PageResult> RefusedAsync(int status, string message, CancellationToken ct)
    {
        Fail(status, message);
        Recent = await runs.RecentAsync(RecentCount, ct);
        return Page();
    }

    public static string Selection(string view) =>
        view == ProjectionRebuild.All ? "everything" : view == ProjectionRebuild.Journal ? "journal and balances" : $"{view} snapshots";
}
