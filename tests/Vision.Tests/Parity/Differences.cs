using Xunit;

namespace Ledger.Vision.Tests.Parity;

internal static class Differences
{
    /// <summary>Largest |ours - reference| over two equally long vectors.</summary>
    public static double Largest(float[] ours, double[] reference)
    {
        Assert.Equal(reference.Length, ours.Length);
        return ours.Zip(reference).Max(p => Math.Abs(p.First - p.Second));
    }
}
