namespace Ledger.Vision.Import;

/// <summary>A dequantised weight tensor in TensorFlow layout (e.g. conv filters are [kh, kw, in, out]).</summary>
internal sealed record WeightTensor(string Name, IReadOnlyList<int> Shape, float[] Values)
{
    public int Rank => Shape.Count;
}
