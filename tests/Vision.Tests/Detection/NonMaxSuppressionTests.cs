using Ledger.Vision.Detection;
using Xunit;

namespace Ledger.Vision.Tests.Detection;

public sealed class NonMaxSuppressionTests
{
    [Fact]
    public void An_overlapping_weaker_box_is_suppressed_and_a_separate_one_kept()
    {
        var strong = new FaceBox(10, 10, 100, 100, 0.9f);
        var overlapping = new FaceBox(20, 20, 100, 100, 0.8f); // IoU with strong = 0.68
        var separate = new FaceBox(300, 10, 100, 100, 0.6f);

        var kept = NonMaxSuppression.Apply([overlapping, separate, strong], iouThreshold: 0.4f);

        Assert.Equal([strong, separate], kept);
    }

    [Fact]
    public void A_box_overlapping_exactly_at_the_threshold_is_kept()
    {
        var a = new FaceBox(0, 0, 100, 100, 0.9f);
        var b = new FaceBox(50, 0, 100, 100, 0.8f); // IoU = 5000 / 15000 = 1/3

        Assert.Equal(2, NonMaxSuppression.Apply([a, b], iouThreshold: 1f / 3f).Count);
        Assert.Single(NonMaxSuppression.Apply([a, b], iouThreshold: 0.3f));
    }

    [Fact]
    public void Suppression_is_greedy_by_score()
    {
        // b overlaps a and c; a wins, removes b, so c (which only overlapped b) survives.
        var a = new FaceBox(0, 0, 100, 100, 0.9f);
        var b = new FaceBox(60, 0, 100, 100, 0.8f);
        var c = new FaceBox(120, 0, 100, 100, 0.7f);

        Assert.Equal([a, c], NonMaxSuppression.Apply([c, b, a], 0.2f));
    }

    [Fact]
    public void At_most_max_results_are_kept() =>
        Assert.Equal(2, NonMaxSuppression.Apply(Enumerable.Range(0, 5).Select(i => new FaceBox(i * 200, 0, 50, 50, 0.9f)), 0.4f, maxResults: 2).Count);

    [Fact]
    public void IoU_of_disjoint_boxes_is_zero_and_of_identical_boxes_one()
    {
        var a = new FaceBox(0, 0, 10, 10, 1);
        Assert.Equal(0f, a.IoU(new FaceBox(20, 20, 10, 10, 1)));
        Assert.Equal(1f, a.IoU(a));
    }
}
