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
        if (chips.Count == 0)
            return [];
        const int perChip = InputSize * InputSize * 3;
        var batch = new float[chips.Count * perChip];
        for (int i = 0; i < chips.Count; i++)
        {
            if (chips[i].Length != perChip)
                throw new ArgumentException($"Expected a {InputSize}x{InputSize} RGB chip ({perChip} floats), got {chips[i].Length}.", nameof(chips));
            chips[i].CopyTo(batch, i * perChip);
        }
        var output = model.Run(batch, [chips.Count, InputSize, InputSize, 3], Outputs, cancellationToken)[0];
        if (output.Length != chips.Count * DescriptorLength)
            throw new InvalidOperationException($"face_recognition returned {output.Length} values for {chips.Count} chips, expected {DescriptorLength} each.");
        return Enumerable.Range(0, chips.Count)
            .Select(i => new FaceTemplate(output.AsSpan(i * DescriptorLength, DescriptorLength).ToArray(), model.Info.Key))
            .ToList();
    }
}
