namespace Ledger.Api.WebConsole;

/// <summary>One series of a bar chart: its name, the style sheet's class that colours it, one value per category.</summary>
public sealed record ChartSeries(string Name, string Class, IReadOnlyList<long> Values);

/// <summary>A bar drawn: where, its series' class, and its text (a tooltip, and what a screen reader hears).</summary>
public sealed record ChartBar(double X, double Y, double Width, double Height, string Class, string Label);

/// <summary>A labelled mark on an axis.</summary>
public sealed record ChartTick(double At, string Label);

/// <summary>
/// A grouped bar chart laid out on the server, for an inline SVG (<c>_BarChart.cshtml</c>): the console runs no script
/// and loads nothing from elsewhere, so a chart is geometry computed here and drawn by the browser. The numbers are also
/// in a table beside each chart, for screen readers and for copying.
/// </summary>
public sealed class BarChart
{
    public const double Width = 760, Height = 260;
    private const double Left = 70, Right = 10, Top = 14, Bottom = 46;
    // Beyond this many categories labels would overlap: every n-th is labelled.
    private const int MaxLabels = 16;

    public string Title { get; }
    public IReadOnlyList<string> Categories { get; }
    public IReadOnlyList<ChartSeries> Series { get; }
    public IReadOnlyList<ChartBar> Bars { get; }
    public IReadOnlyList<ChartTick> YTicks { get; }
    public IReadOnlyList<ChartTick> XLabels { get; }
    public double PlotLeft => Left;
    public double PlotBottom => Height - Bottom;
    public double PlotRight => Width - Right;

    public BarChart(string title, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series, Func<long, string> format)
    {
        if (series.Any(s => s.Values.Count != categories.Count)) throw new ArgumentException("every series has one value per category", nameof(series));
        (Title, Categories, Series) = (title, categories, series);
        var step = NiceStep(Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max()));
        var top = step * 4;
        var plotHeight = PlotBottom - Top;
        var band = (PlotRight - Left) / Math.Max(1, categories.Count);
        // Bars no wider than 40: one day's pair should not fill the plot.
        var barWidth = Math.Min(40, band * 0.8 / Math.Max(1, series.Count));
        var groupOffset = (band - barWidth * series.Count) / 2;
        var bars = new List<ChartBar>();
        for (var c = 0; c < categories.Count; c++)
            for (var s = 0; s < series.Count; s++)
            {
                var value = Math.Max(0, series[s].Values[c]);
                var height = plotHeight * value / top;
                bars.Add(new ChartBar(Left + c * band + groupOffset + s * barWidth, PlotBottom - height, barWidth, height, series[s].Class,
                    $"{categories[c]}: {series[s].Name} {format(series[s].Values[c])}"));
            }
        Bars = bars;
        YTicks = Enumerable.Range(0, 5).Select(i => new ChartTick(PlotBottom - plotHeight * i / 4, format(step * i))).ToList();
        var every = (int)Math.Ceiling(categories.Count / (double)MaxLabels);
        XLabels = categories.Select((label, c) => (label, c)).Where(x => x.c % every == 0)
            .Select(x => new ChartTick(Left + x.c * band + band / 2, x.label)).ToList();
    }

    /// <summary>A round step (1, 2 or 5 times a power of ten) so that four steps cover <paramref name="max"/>.</summary>
    public static long NiceStep(long max)
    {
        var raw = Math.Max(1, (long)Math.Ceiling(max / 4.0));
        long power = 1;
        while (power * 10 <= raw) power *= 10;
        foreach (var m in new long[] { 1, 2, 5, 10 })
            if (m * power >= raw) return m * power;
        return 10 * power;
    }
}
