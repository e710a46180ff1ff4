using System.Buffers;

namespace Ledger.Vision.Imaging;

/// <summary>
/// A network input of <see cref="Length"/> floats lent by <see cref="ArrayPool{T}.Shared"/>: an ssd input is 3 MiB, and
/// allocated per frame it lands on the large-object heap and costs a full collection now and then. Dispose returns it.
/// </summary>
public readonly struct PooledTensor : IDisposable
{
    private readonly float[] _array;

    /// <summary>Rents at least <paramref name="length"/> floats (contents undefined: every user overwrites all of them).</summary>
    public PooledTensor(int length)
    {
        _array = ArrayPool<float>.Shared.Rent(length);
        Length = length;
    }

    /// <summary>Floats in use.</summary>
    public int Length { get; }

    /// <summary>The floats in use, as memory the network input is made from.</summary>
    public Memory<float> Memory => _array.AsMemory(0, Length);

    /// <summary>The floats in use.</summary>
    public Span<float> Span => _array.AsSpan(0, Length);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_array is not null) ArrayPool<float>.Shared.Return(_array);
    }
}
