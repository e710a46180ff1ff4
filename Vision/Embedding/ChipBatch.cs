using Ledger.Vision.Imaging;

namespace Ledger.Vision.Embedding;

/// <summary>Chips given one by one, laid out as one batch tensor for a single run of the recognition network.</summary>
internal static class ChipBatch
{
    public static PooledTensor Of(IReadOnlyList<float[]> chips, int perChip, int side)
    {
        var batch = new PooledTensor(chips.Count * perChip);
        for (var i = 0; i < chips.Count; i++)
        {
            if (chips[i].Length != perChip)
            {
                batch.Dispose();
                throw new ArgumentException($"Expected a {side}x{side} RGB chip ({perChip} floats), got {chips[i].Length}.", nameof(chips));
            }
            chips[i].CopyTo(batch.Span.Slice(i * perChip, perChip));
        }
        return batch;
    }

    public static void Check(int length, int count, int side)
    {
        if (length != count * side * side * 3)
            throw new ArgumentException($"Expected {count} {side}x{side} RGB chips ({count * side * side * 3} floats), got {length} floats.");
    }
}
