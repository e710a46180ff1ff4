using Ledger.Vision.Inference;

namespace Ledger.Vision.Embedding;

/// <summary>Turns an aligned face chip into a descriptor.</summary>
public interface IFaceEmbedder
{
    /// <summary>The network behind it.</summary>
    ModelInfo Model { get; }

    /// <summary>Side of the square chip the network takes.</summary>
    int ChipSize { get; }

    /// <summary>The descriptor of a chip given as RGB HWC floats 0..255 of <see cref="ChipSize"/> squared pixels.</summary>
    FaceTemplate Embed(float[] chip, CancellationToken cancellationToken = default);

    /// <summary>The descriptors of several chips from one batched run, in order.</summary>
    IReadOnlyList<FaceTemplate> Embed(IReadOnlyList<float[]> chips, CancellationToken cancellationToken = default);

    /// <summary>
    /// The descriptors of <paramref name="count"/> chips laid out one after another in <paramref name="chips"/> (the
    /// batch tensor itself, e.g. pooled: nothing is copied), from one run.
    /// </summary>
    IReadOnlyList<FaceTemplate> Embed(Memory<float> chips, int count, CancellationToken cancellationToken = default);
}
