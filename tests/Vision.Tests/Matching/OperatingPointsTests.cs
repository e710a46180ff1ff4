using Ledger.Vision.Matching;
using Xunit;

namespace Ledger.Vision.Tests.Matching;

public sealed class OperatingPointsTests
{
    [Fact]
    public void Zero_false_accepts_in_n_pairs_bound_the_rate_at_about_three_over_n()
    {
        Assert.Equal(3.0 / 700, OperatingPoints.UpperBound95(0, 700), 0.0001);
        Assert.Equal(1 - Math.Pow(0.05, 1.0 / 700), OperatingPoints.UpperBound95(0, 700), 1e-6);
    }

    [Fact]
    public void The_normal_quantile_is_the_textbook_one()
    {
        Assert.Equal(1.6449, OperatingPoints.NormalQuantileAbove(0.05), 3);
        Assert.Equal(3.7190, OperatingPoints.NormalQuantileAbove(1e-4), 3);
    }

    [Fact]
    public void The_threshold_stays_under_the_closest_impostor_even_when_the_normal_tail_is_looser()
    {
        float[] genuine = [0.1f, 0.2f, 0.3f];
        float[] impostor = [0.35f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f];

        var point = OperatingPoints.Choose(genuine, impostor, 1e-4, "test");

        Assert.True(point.Threshold < 0.35);
        Assert.Equal(0, point.FalseAccepts);
        Assert.Equal(8, point.ImpostorPairs);
    }

    [Fact]
    public void A_wide_impostor_spread_pulls_the_threshold_below_the_closest_impostor()
    {
        float[] genuine = [0.1f, 0.2f];
        float[] impostor = [0.5f, 0.6f, 0.7f, 0.8f, 0.9f, 1.0f];

        var point = OperatingPoints.Choose(genuine, impostor, 1e-4, "test");

        // mean 0.75, sd 0.187: 0.75 - 3.719 * 0.187 = 0.054, under both genuine pairs.
        Assert.Equal(0.054, point.Threshold, 3);
        Assert.Equal(0, point.TrueAcceptRate);
    }
}
