using Ledger.Api.WebConsole;

namespace Ledger.Api.Tests.WebConsole;

/// <summary>The charts' geometry, computed on the server: bars inside the plot, heights in proportion, round axis steps.</summary>
public sealed class BarChartTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(9, 5)]
    [InlineData(40, 10)]
    [InlineData(41, 20)]
    [InlineData(123_456, 50_000)]
    public void The_axis_step_is_round_and_four_steps_cover_the_largest_value(long max, long step)
    {
        Assert.Equal(step, BarChart.NiceStep(max));
        Assert.True(4 * step >= max);
    }

    [Fact]
    public void Bars_stand_on_the_baseline_in_proportion_to_their_values_and_inside_the_plot()
    {
        var chart = new BarChart("t", ["a", "b", "c"],
            [new ChartSeries("x", "series-ok", [0, 2, 4]), new ChartSeries("y", "series-bad", [1, 3, 8])], v => v.ToString());

        Assert.Equal(6, chart.Bars.Count);
        Assert.All(chart.Bars, b =>
        {
            Assert.Equal(chart.PlotBottom, b.Y + b.Height, 6);
            Assert.InRange(b.X, chart.PlotLeft, chart.PlotRight - b.Width);
        });
        var byLabel = chart.Bars.ToDictionary(b => b.Label);
        Assert.Equal(0, byLabel["a: x 0"].Height);
        Assert.Equal(byLabel["c: y 8"].Height, 2 * byLabel["c: x 4"].Height, 6);
        Assert.Equal(["0", "2", "4", "6", "8"], chart.YTicks.Select(t => t.Label));
    }

    [Fact]
    public void A_negative_value_draws_no_bar_below_the_baseline_and_a_series_of_the_wrong_length_is_refused()
    {
        var chart = new BarChart("t", ["a"], [new ChartSeries("x", "c", [-5])], v => v.ToString());
        Assert.Equal(0, chart.Bars.Single().Height);
        Assert.Throws<ArgumentException>(() => new BarChart("t", ["a", "b"], [new ChartSeries("x", "c", [1])], v => v.ToString()));
    }

    [Fact]
    public void Many_categories_label_every_nth_so_labels_do_not_overlap()
    {
        var days = Enumerable.Range(1, 90).Select(d => d.ToString()).ToList();
        var chart = new BarChart("t", days, [new ChartSeries("x", "c", days.Select(_ => 1L).ToList())], v => v.ToString());
        Assert.InRange(chart.XLabels.Count, 2, 16);
        Assert.Equal("1", chart.XLabels[0].Label);
    }
}
