using Ledger.Vision.Inference;

namespace Ledger.Vision.Embedding;

/// <summary>
/// A recognition network described by its manifest entry (<see cref="RecognitionSpec"/>): a square RGB chip of
/// 0..255 in (the graph normalises), one embedding per face out. Cosine-metric embeddings are L2-normalised
/// here, so a template stores a direction, as the network's loss defines identity.
/// </summary>
public sealed class GraphFaceEmbedder(OnnxModel model, RecognitionSpec spec, int chipSize) : IFaceEmbedder
{
    private readonly string[] _outputs = [spec.Output];

    /// <inheritdoc />
    public ModelInfo Model => model.Info;

    /// <inheritdoc />
    public int ChipSize => chipSize;

    /// <summary>What the manifest says about the embedding.</summary>
    public RecognitionSpec Spec => spec;

    /// <inheritdoc />
    public FaceTemplate Embed(float[] chip, CancellationToken cancellationToken = default) => Embed([chip], cancellationToken)[0];

    /// <inheritdoc />
    public IReadOnlyList<FaceTemplate> Embed(IReadOnlyList<float[]> chips, CancellationToken cancellationToken = default)
    {
        using var batch = ChipBatch.Of(chips, chipSize * chipSize * 3, chipSize);
        return Embed(batch.Memory, chips.Count, cancellationToken);
    }

    /// <inheritdoc />
    public IReadOnlyList<FaceTemplate> Embed(Memory<float> chips, int count, CancellationToken cancellationToken = default)
    {
        if (count == 0)
            return [];
        ChipBatch.Check(chips.Length, count, chipSize);
        var output = model.Run(chips, [count, chipSize, chipSize, 3], _outputs, cancellationToken)[0];
        var size = spec.EmbeddingSize;
        if (output.Length != count * size)
            throw new InvalidOperationException($"{model.Info.Id} returned {output.Length} values for {count} chips, expected {size} each.");
        return Enumerable.Range(0, count)
            .Select(i => new FaceTemplate(Postprocess(output.AsSpan(i * size, size).ToArray()), model.Info.Key))
            .ToList();
    }

    private float[] Postprocess(float[] embedding)
    {
        if (spec.Metric != RecognitionSpec.Cosine)
            return embedding;
        var norm = MathF.Sqrt(embedding.Sum(v => v * v));
        if (norm > 0)
            for (int i = 0; i < embedding.Length; i++)
                embedding[i] /= norm;
        return embedding;
    }
}
