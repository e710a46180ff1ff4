using System.Globalization;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Domain.Access;
using Ledger.Domain.Audit;
using Ledger.Infrastructure.Audit.Replay;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace Ledger.Api.WebConsole.Pages;

/// <summary>
/// Replay and what-if: the period's payment requests re-decided under one currency's other limits, as
/// <c>ledger replay what-if</c> does (<see cref="WhatIfRunner"/>, the domain's <see cref="WhatIfReplay"/>): which
/// decisions would change, as a table paged by a keyset on (decision time, payment) and as a chart per day. Writes
/// nothing. Auditors only (replays are their tool, docs/ACCESS.md); the period is <c>from=</c>/<c>to=</c>, which the
/// audit read log records.
/// </summary>
[ConsolePage(Role.Auditor)]
public sealed class WhatIfModel(IDocumentStore store) : ConsolePageModel
{
    public const int PageSize = 100;
    // A chart of more days than this would be unreadable: the days with changes are shown up to it, the table has all.
    public const int MaxChartDays = 62;

    [BindProperty(SupportsGet = true, Name = "from")] public string? From { get; set; }
    [BindProperty(SupportsGet = true, Name = "to")] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "currency")] public string Currency { get; set; } = "EUR";
    [BindProperty(SupportsGet = true, Name = "perPayment")] public string? PerPayment { get; set; }
    [BindProperty(SupportsGet = true, Name = "dailyAmount")] public string? DailyAmount { get; set; }
    [BindProperty(SupportsGet = true, Name = "dailyCount")] public string? DailyCount { get; set; }
    [BindProperty(SupportsGet = true, Name = "pageAt")] public string? PageAt { get; set; }
    [BindProperty(SupportsGet = true, Name = "pagePayment")] public string? PagePayment { get; set; }

    public WhatIfReport? Report { get; private set; }
    public IReadOnlyList<WhatIfDecision> Changes { get; private set; } = [];
    public BarChart? Chart { get; private set; }
    public IReadOnlyList<(string Day, long Declined, long Authorized)> Days { get; private set; } = [];
    public bool ChartCut { get; private set; }
    public string? NextLink { get; private set; }
    public string? FirstLink { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (PerPayment is null && DailyAmount is null && DailyCount is null) return;
        if (!Domain.Currency.TryParse(Currency?.Trim(), out var currency))
        {
            Fail(StatusCodes.Status400BadRequest, "currency must be an ISO 4217 code such as EUR.");
            return;
        }
        if (!TryTime(From, out var from) || !TryTime(To, out var to))
        {
            Fail(StatusCodes.Status400BadRequest, "from and to must be times such as 2026-12-03T00:00:00Z or days such as 2026-12-03 (UTC), or empty.");
            return;
        }
        if (from is not null && to is not null && from >= to)
        {
            Fail(StatusCodes.Status400BadRequest, "from must be before to.");
            return;
        }
        if (!int.TryParse(DailyCount, NumberStyles.None, CultureInfo.InvariantCulture, out var dailyCount))
        {
            Fail(StatusCodes.Status400BadRequest, "The daily count must be a whole number.");
            return;
        }
        (DateTimeOffset At, Guid Payment)? cursor = null;
        if (PageAt is not null || PagePayment is not null)
        {
            if (!DateTimeOffset.TryParse(PageAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) || !Guid.TryParse(PagePayment, out var payment))
            {
                Fail(StatusCodes.Status400BadRequest, "The page cursor is not valid: start again from the first page.");
                return;
            }
            cursor = (at, payment);
        }
        LimitPolicy policy;
        try
        {
            var limits = LimitPolicyFile.Limits(currency, PerPayment?.Trim(), DailyAmount?.Trim(), dailyCount);
            policy = new LimitPolicy($"console: {currency.Code} {PerPayment} per payment, {DailyAmount} and {dailyCount} a day",
                new Dictionary<string, Domain.Wallets.WalletLimits> { [currency.Code] = limits });
        }
        catch (FormatException e)
        {
            Fail(StatusCodes.Status400BadRequest, e.Message);
            return;
        }

        Report = await new WhatIfRunner(store).RunAsync(policy, from, to, ct);
        var ordered = Report.Changes.OrderBy(c => c.At).ThenBy(c => c.PaymentId).ToList();
        Changes = ordered.Where(c => cursor is not { } k || c.At > k.At || (c.At == k.At && c.PaymentId.CompareTo(k.Payment) > 0))
            .Take(PageSize).ToList();
        var link = Request.Path + QueryString.Create(Request.Query
            .Where(q => q.Key is not ("pageAt" or "pagePayment"))
            .Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString())));
        FirstLink = link;
        if (Changes.Count == PageSize && !ReferenceEquals(Changes[^1], ordered[^1]))
            NextLink = $"{link}&pageAt={Uri.EscapeDataString(Changes[^1].At.ToString("O"))}&pagePayment={Changes[^1].PaymentId}";
        Days = ordered.GroupBy(c => c.At.UtcDateTime.ToString("yyyy-MM-dd"))
            .Select(g => (g.Key, (long)g.Count(c => c.WasAuthorized), (long)g.Count(c => !c.WasAuthorized))).ToList();
        ChartCut = Days.Count > MaxChartDays;
        var shown = Days.Take(MaxChartDays).ToList();
        if (shown.Count > 0)
            Chart = new BarChart("Decisions that would change, per day (UTC)", shown.Select(d => d.Day).ToList(),
            [
                new ChartSeries("authorized, would be declined", "series-bad", shown.Select(d => d.Declined).ToList()),
                new ChartSeries("declined, would be authorized", "series-ok", shown.Select(d => d.Authorized).ToList()),
            ], v => v.ToString(CultureInfo.InvariantCulture));
    }

    private static bool TryTime(string? text, out DateTimeOffset? at)
    {
        at = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (!DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)) return false;
        at = parsed;
        return true;
    }

    public static string Outcome(bool authorized, Domain.Payments.DeclineReason? reason) => authorized ? "authorized" : $"declined ({reason})";

    public static string Amount(Money money) => $"{MoneyText.Format(money)} {money.Currency.Code}";
}
