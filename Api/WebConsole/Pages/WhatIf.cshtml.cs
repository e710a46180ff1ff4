using System.Globalization;
using Ledger.Api.Access;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.Access;
using Ledger.Infrastructure.Audit;
using Ledger.Infrastructure.Audit.Replay;
using Ledger.Infrastructure.Audit.Replay.Reports;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// Replay and what-if as stored reports: the auditor sends a period and a limit policy (rows, or a policy file's text as
/// <c>ledger replay what-if --policy</c> reads it); the service replays it in the background (<see cref="WhatIfWorker"/>,
/// <see cref="WhatIfRunner"/> and the domain's <see cref="WhatIfReplay"/>) and stores the decisions that would change.
/// The report's page (<c>?report=ID&amp;from=&amp;to=</c>: its period in the link, so the audit read log records it)
/// follows the run and then shows totals, a chart per day and the changes, paged by a keyset on (decision time, payment)
/// over the stored rows. Writes nothing to the ledger. Auditors only (replays are their tool, docs/ACCESS.md), and a
/// report only to the auditor who asked for it.
/// </summary>
[ConsolePage(Role.Auditor)]
public sealed class WhatIfModel(WhatIfReports reports, WhatIfWakeUp wakeUp, AuditReadLog readLog, TimeProvider time) : ConsolePageModel
{
    public const int PageSize = 100;
    public const int RecentCount = 20;
    // A chart of more days than this would be unreadable: the days with changes are shown up to it, the table has all.
    public const int MaxChartDays = 62;

    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "currency")] public string?[] Currencies { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "perPayment")] public string?[] PerPayments { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "dailyAmount")] public string?[] DailyAmounts { get; set; } = [];
    [BindProperty(SupportsGet = true, Name = "dailyCount")] public string?[] DailyCounts { get; set; } = [];
    [BindProperty(Name = "policy")] public string? PolicyText { get; set; }
    [BindProperty(Name = "name")] public string? PolicyName { get; set; }
    [BindProperty(SupportsGet = true, Name = "report")] public string? ReportId { get; set; }
    [BindProperty(SupportsGet = true, Name = "again")] public string? AgainId { get; set; }
    [BindProperty(SupportsGet = true, Name = "sent")] public string? Sent { get; set; }
    [BindProperty(SupportsGet = true, Name = "pageAt")] public string? PageAt { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagePayment")] public string? PagePayment { get; set; }

    public StoredWhatIfReport? Report { get; private set; }
    public IReadOnlyList<StoredWhatIfReport> Recent { get; private set; } = [];
    public IReadOnlyList<WhatIfDecision> Changes { get; private set; } = [];
    public BarChart? Chart { get; private set; }
    public bool ChartCut { get; private set; }
    public string? NextLink { get; private set; }
    public string? FirstLink { get; private set; }

    public bool Refreshes => Report is { } report && BackgroundRunStatus.IsOpen(report.Status);

    public int RefreshSeconds => ConsoleRefresh.SecondsFor(Report?.RequestedAt ?? time.GetUtcNow(), time.GetUtcNow());

    public static string NewKey() => "console-" + Guid.NewGuid().ToString("N");

    /// <summary>A report's page: its period in the link, which the audit read log records as the read's range.</summary>
    public static string Link(StoredWhatIfReport report) => Link(report.Id, report.From, report.To);

    private static string Link(Guid id, DateTimeOffset? from, DateTimeOffset? to) =>
        $"/console/what-if?report={id}" + (from is { } f ? $"&from={Uri.EscapeDataString(f.ToUniversalTime().ToString("O"))}" : "")
                                        + (to is { } t ? $"&to={Uri.EscapeDataString(t.ToUniversalTime().ToString("O"))}" : "");

    public WhatIfRow RowAt(int i) => new(Currencies.ElementAtOrDefault(i) ?? (i == 0 ? "EUR" : null), PerPayments.ElementAtOrDefault(i),
        DailyAmounts.ElementAtOrDefault(i), DailyCounts.ElementAtOrDefault(i));

    private Guid Reader => Callers.Of(HttpContext)!.Id;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (ReportId is not null) return await ShowAsync(ct);
        if (AgainId is not null && Guid.TryParse(AgainId, out var again) && await reports.FindAsync(again, Reader, ct) is { } earlier)
        {
            // The form filled in as that report asked; nothing runs until it is sent.
            PolicyText = earlier.Policy;
            (From, To) = (earlier.From?.ToString("O"), earlier.To?.ToString("O"));
        }
        Recent = await reports.RecentAsync(Reader, RecentCount, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync([FromForm] string? key, CancellationToken ct)
    {
        var rows = Enumerable.Range(0, new[] { Currencies.Length, PerPayments.Length, DailyAmounts.Length, DailyCounts.Length }.Max()).Select(RowAt).ToList();
        var (form, error) = WhatIfForm.Parse(From, To, rows, PolicyText, PolicyName);
        if (form is null) return await RefusedAsync(StatusCodes.Status400BadRequest, error!, ct);
        if (!CommandContexts.IsUsableKey(key))
            return await RefusedAsync(StatusCodes.Status400BadRequest, "The form has no usable idempotency key: open the page again.", ct);
        var caller = Callers.Of(HttpContext)!;
        WhatIfSubmission submitted;
        try
        {
            submitted = await reports.SubmitAsync(new WhatIfReportRequest(caller.Id, caller.Actor.ToString(), key!, form.Policy, form.From, form.To,
                time.GetUtcNow()), ct);
        }
        catch (WhatIfKeyReused e)
        {
            return await RefusedAsync(StatusCodes.Status409Conflict, e.Message, ct);
        }
        catch (WhatIfQueueFull e)
        {
            return await RefusedAsync(StatusCodes.Status503ServiceUnavailable, e.Message, ct);
        }
        var link = Link(submitted.Id, form.From, form.To);
        if (!submitted.Repeated)
        {
            // The post names no period in its link (the form's body does): the replay it queued is recorded with its period
            // beside the post itself, as the report's page will be each time it is read.
            await readLog.RecordAsync(new AuditRead(time.GetUtcNow(), caller.Id, caller.Actor.ToString(), "REPLAY console/what-if", link, [],
                form.From, form.To, HttpContext.TraceIdentifier), ct);
            wakeUp.Signal();
        }
        return new SeeOther(link + (submitted.Repeated ? "&sent=again" : ""));
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        if (!Guid.TryParse(ReportId, out var id)) return Refused(StatusCodes.Status400BadRequest, "That is not a report id: expected a UUID.");
        // Another auditor's report reads as no report at all: ids are not for probing.
        Report = await reports.FindAsync(id, Reader, ct);
        if (Report is not { } report) return Refused(StatusCodes.Status404NotFound, $"None of your what-if reports has the id {id}.");
        if (!WhatIfForm.TryTime(From, out var from) || !WhatIfForm.TryTime(To, out var to) || from != report.From || to != report.To)
            // The link must name the report's period, so the read log records what was read: the same page with it.
            return Redirect(Link(report) + PagingQuery());
        if (report.Status != BackgroundRunStatus.Done) return Page();

        (DateTimeOffset At, Guid Payment)? cursor = null;
        if (PageAt is not null || PagePayment is not null)
        {
            if (!DateTimeOffset.TryParse(PageAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) || !Guid.TryParse(PagePayment, out var payment))
                return Refused(StatusCodes.Status400BadRequest, "The page cursor is not valid: start again from the first page.");
            cursor = (at, payment);
        }
        var page = await reports.ChangesAsync(id, cursor, PageSize + 1, ct);
        Changes = page.Take(PageSize).ToList();
        FirstLink = Link(report);
        if (page.Count > PageSize)
            NextLink = $"{FirstLink}&pageAt={Uri.EscapeDataString(Changes[^1].At.ToUniversalTime().ToString("O"))}&pagePayment={Changes[^1].PaymentId}";
        ChartCut = report.Days.Count > MaxChartDays;
        var shown = report.Days.Take(MaxChartDays).ToList();
        if (shown.Count > 0)
            Chart = new BarChart("Decisions that would change, per day (UTC)", shown.Select(d => d.Day).ToList(),
            [
                new ChartSeries("authorized, would be declined", "series-bad", shown.Select(d => d.WouldDecline).ToList()),
                new ChartSeries("declined, would be authorized", "series-ok", shown.Select(d => d.WouldAuthorize).ToList()),
            ], v => v.ToString(CultureInfo.InvariantCulture));
        return Page();
    }

    private string PagingQuery() => PageAt is null && PagePayment is null
        ? ""
        : $"&pageAt={Uri.EscapeDataString(PageAt ?? "")}&pagePayment={Uri.EscapeDataString(PagePayment ?? "")}";

    private PageResult Refused(int status, string message)
    {
        Fail(status, message);
        return Page();
    }

    private async Task<IActionResult> RefusedAsync(int status, string message, CancellationToken ct)
    {
        Fail(status, message);
        Recent = await reports.RecentAsync(Reader, RecentCount, ct);
        return Page();
    }

    public static string Outcome(bool authorized, Domain.Payments.DeclineReason? reason) => authorized ? "authorized" : $"declined ({reason})";

    public static string Amount(Money money) => $"{MoneyText.Format(money)} {money.Currency.Code}";

    public static string Period(DateTimeOffset? from, DateTimeOffset? to) =>
        from is null && to is null ? "the whole history"
        : $"{(from is { } f ? f.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") : "the beginning")} to {(to is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") : "now")} UTC";
}
