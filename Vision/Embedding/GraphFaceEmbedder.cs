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
        if (chips.Count == 0)
            return [];
        var perChip = chipSize * chipSize * 3;
        var batch = new float[chips.Count * perChip];
        for (int i = 0; i < chips.Count; i++)
        {
            if (chips[i].Length != perChip)
                throw new ArgumentException($"Expected a {chipSize}x{chipSize} RGB chip ({perChip} floats), got {chips[i].Length}.", nameof(chips));
            chips[i].CopyTo(batch, i * perChip);
        }
        var output = model.Run(batch, [chips.Count, chipSize, chipSize, 3], _outputs, cancellationToken)[0];
        var size = spec.EmbeddingSize;
        if (output.Length != chips.Count * size)
            throw new InvalidOperationException($"{model.Info.Id} returned {output.Length} values for {chips.Count} chips, expected {size} each.");
        return Enumerable.Range(0, chips.Count)
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
