using Ledger.Vision.Inference;

namespace Ledger.Vision.Embedding;

/// <summary>face_recognition: the dlib ResNet-34 port of face-api.js, 150 x 150 chip in, 128 floats out.</summary>
public sealed class FaceEmbedder(OnnxModel model) : IFaceEmbedder
{
    /// <summary>The network's input side (dlib's chip size).</summary>
    public const int InputSize = 150;

    /// <summary>Floats per descriptor of face_recognition (its manifest entry declares the same).</summary>
    public const int DescriptorLength = 128;

    private static readonly string[] Outputs = ["descriptor"];

    /// <inheritdoc />
    public ModelInfo Model => model.Info;

    /// <inheritdoc />
    public int ChipSize => InputSize;

    /// <inheritdoc />
    public FaceTemplate Embed(float[] chip, CancellationToken cancellationToken = default) => Embed([chip], cancellationToken)[0];

    /// <inheritdoc />
    public IReadOnlyList<FaceTemplate> Embed(IReadOnlyList<float[]> chips, CancellationToken cancellationToken = default)
    {
        const int perChip = InputSize * InputSize * 3;
        using var batch = ChipBatch.Of(chips, perChip, InputSize);
        return Embed(batch.Memory, chips.Count, cancellationToken);
    }

    /// <inheritdoc />
    public IReadOnlyList<FaceTemplate> Embed(Memory<float> chips, int count, CancellationToken cancellationToken = default)
    {
        if (count == 0)
            return [];
        ChipBatch.Check(chips.Length, count, InputSize);
        var output = model.Run(chips, [count, InputSize, InputSize, 3], Outputs, cancellationToken)[0];
        if (output.Length != count * DescriptorLength)
            throw new InvalidOperationException($"face_recognition returned {output.Length} values for {count} chips, expected {DescriptorLength} each.");
        var templates = new FaceTemplate[count];
        for (var i = 0; i < count; i++)
            templates[i] = new FaceTemplate(output.AsSpan(i * DescriptorLength, DescriptorLength).ToArray(), model.Info.Key);
        return templates;
    }
}
