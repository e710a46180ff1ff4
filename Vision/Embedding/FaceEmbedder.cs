using Ledger.Vision.Inference;

namespace Ledger.Vision.Embedding;

/// <summary>face_recognition: the dlib ResNet-34 port of face-api.js, 150 x 150 chip in, 128 floats out.</summary>
public sealed class FaceEmbedder(OnnxModel model) : IFaceEmbedder
{
    /// <summary>The network's input side (dlib's chip size).</summary>
    public const int InputSize = 150;

    private static readonly string[] Outputs = ["descriptor"];

    /// <inheritdoc />
    public ModelInfo Model => model.Info;

    /// <inheritdoc />
    public int ChipSize => InputSize;

    /// <inheritdoc />
    public FaceTemplate Embed(float[] chip, CancellationToken cancellationToken = default)
    {
        if (chip.Length != InputSize * InputSize * 3)
            throw new ArgumentException($"Expected a {InputSize}x{InputSize} RGB chip ({InputSize * InputSize * 3} floats), got {chip.Length}.", nameof(chip));
        var descriptor = model.Run(chip, [1, InputSize, InputSize, 3], Outputs, cancellationToken)[0];
        if (descriptor.Length != FaceTemplate.Length)
            throw new InvalidOperationException($"face_recognition returned {descriptor.Length} values, expected {FaceTemplate.Length}.");
        return new FaceTemplate(descriptor, model.Info.Key);
    }
}
