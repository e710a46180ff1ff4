using Ledger.Vision.Imaging;
using Ledger.Vision.Inference;

namespace Ledger.Vision.Detection;

/// <summary>ssd_mobilenetv1 at 512 x 512: the stronger detector (tight crops, costumes, small faces).</summary>
public sealed class SsdFaceDetector(OnnxModel model, float scoreThreshold = 0.5f) : IFaceDetector
{
    /// <summary>The network's fixed input side.</summary>
    public const int InputSize = 512;

    /// <summary>face-api.js's IoU threshold for this network.</summary>
    public const float IouThreshold = 0.5f;

    private static readonly string[] Outputs = ["boxes", "scores"];

    /// <inheritdoc />
    public ModelInfo Model => model.Info;

    /// <inheritdoc />
    public IReadOnlyList<FaceBox> Detect(DecodedImage image, float border = 0, CancellationToken cancellationToken = default)
    {
        using var tensor = new PooledTensor(InputSize * InputSize * 3);
        var input = ImageWarp.LetterboxTopLeft(image, InputSize, border, tensor.Span);
        var outputs = model.Run(tensor.Memory, [1, InputSize, InputSize, 3], Outputs, cancellationToken);
        var boxes = SsdBoxes.Decode(outputs[0], outputs[1], InputSize, scoreThreshold);
        return NonMaxSuppression.Apply(boxes, IouThreshold)
            .Select(b => input.ToSource(b).ClipTo(image.Width, image.Height))
            .Where(b => b.Area > 0)
            .ToList();
    }
}
