using Ledger.Vision.Matching;
using Xunit;

namespace Ledger.Vision.Tests.Matching;

public sealed class ErrorRatesTests
{
    [Fact]
    public void Separable_distances_have_zero_equal_error_rate()
    {
        var rates = ErrorRates.Compute([0.1f, 0.2f, 0.3f], [0.5f, 0.6f, 0.7f, 0.8f], threshold: 0.4f);

        Assert.Equal(0, rates.EqualErrorRate);
        Assert.Equal(1, rates.TrueAcceptRate);
        Assert.Equal(0, rates.FalseAcceptRate);
        Assert.Equal(1, rates.TrueAcceptRateAtZeroFalseAccepts);
        Assert.Equal(0.5f, rates.ClosestImpostor);
    }

    [Fact]
    public void One_genuine_outlier_costs_the_smaller_of_the_two_errors()
    {
        // Accepting the outlier (0.65) lets in 1 of 10 impostors; rejecting it loses 1 of 4 genuine pairs.
        float[] genuine = [0.1f, 0.2f, 0.3f, 0.65f];
        float[] impostor = [0.6f, 0.7f, 0.71f, 0.72f, 0.73f, 0.74f, 0.75f, 0.76f, 0.77f, 0.78f];

        var rates = ErrorRates.Compute(genuine, impostor, threshold: 0.6f);

        Assert.Equal(0.1, rates.EqualErrorRate, 6);
        Assert.Equal(0.65f, rates.EqualErrorThreshold);
        Assert.Equal(0.75, rates.TrueAcceptRate, 6);
        Assert.Equal(0.1, rates.FalseAcceptRate, 6);
        Assert.Equal(0.75, rates.TrueAcceptRateAtZeroFalseAccepts, 6);
    }

    [Fact]
    public void Empty_sets_are_refused() =>
        Assert.Throws<ArgumentException>(() => ErrorRates.Compute([], [0.5f], 0.6f));
}
