using System.Globalization;
using Ledger.Api.Http;
using Ledger.Domain;
using Ledger.Infrastructure.Reads;

namespace Ledger.Api.WebConsole;

/// <summary>
/// The finance page's two charts for a window of days: money moved per day and kind in one currency, and declined
/// payments per reason (every currency), each with the table of its numbers.
/// </summary>
public sealed record FinanceCharts(DateOnly From, int Days, string Currency, BarChart Totals, IReadOnlyList<DailyTotal> TotalRows,
    BarChart? Declines, DeclinesByReason DeclineCounts)
{
    // Journal entry kinds (Domain/Accounting/Journal) and the style sheet's class of each series.
    private static readonly (string Kind, string Name, string Class)[] Kinds =
    [
        ("payment", "payments", "series-0"), ("top_up", "top-ups", "series-ok"), ("payout", "payouts", "series-2"), ("refund", "refunds", "series-bad"),
    ];

    public static FinanceCharts Of(DateOnly from, int days, string currency, IReadOnlyList<DailyTotal> totals, DeclinesByReason declines)
    {
        var code = Domain.Currency.Of(currency);
        var dayList = Enumerable.Range(0, days).Select(from.AddDays).ToList();
        var mine = totals.Where(t => t.Currency == currency).ToList();
        var series = Kinds.Select(k => new ChartSeries(k.Name, k.Class,
            dayList.Select(d => mine.Where(t => t.Day == d && t.Kind == k.Kind).Sum(t => t.AmountMinor)).ToList())).ToList();
        var totalsChart = new BarChart($"Money moved per day (UTC), {currency}", dayList.Select(d => d.ToString("MM-dd", CultureInfo.InvariantCulture)).ToList(),
            series, minor => MoneyText.Format(new Money(minor, code)));
        var declinesChart = declines.Reasons.Count == 0 ? null : new BarChart("Declined payments per reason",
            declines.Reasons.Select(r => r.Reason.ToString()).ToList(),
            [new ChartSeries("declines", "series-bad", declines.Reasons.Select(r => r.Count).ToList())],
            n => n.ToString(CultureInfo.InvariantCulture));
        return new FinanceCharts(from, days, currency, totalsChart, mine, declinesChart, declines);
    }
}
